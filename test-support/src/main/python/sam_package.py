#!/usr/bin/env python3
"""Packages a SAM template as `sam deploy` does, then applies the SAM transform as CloudFormation does.

1. Every AWS::Serverless::Function whose CodeUri is a local path (relative to the template) is
   uploaded to the S3 bucket, under the file's MD5 as key, like `sam deploy --s3-bucket`, and its
   CodeUri becomes s3://bucket/key.
2. The packaged template is transformed by the SAM translator (the Python package samtranslator,
   the same translator AWS runs for Transform: AWS::Serverless-2016-10-31) with the given
   parameter values.

Writes the transformed template (plain CloudFormation, JSON) to standard output. Errors go to
standard error, exit 1 (bad input, e.g. a missing artifact) or 2 (a missing tool).

With --placeholder-code, each function gets a placeholder object instead of its jar: for tests that
deploy stacks without running their functions, before the jars are built.

usage: sam_package.py TEMPLATE --bucket B --endpoint-url URL [--region R] [--parameter K=V ...]
                      [--placeholder-code]
"""
import argparse
import hashlib
import json
import os
import sys

try:
    import boto3
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator
    from samtranslator.yaml_helper import yaml_parse
except ImportError as e:  # pragma: no cover - environment problem
    print(f"sam_package: {e.name} is missing: pip install cfn-lint boto3 (cfn-lint brings samtranslator)",
          file=sys.stderr)
    sys.exit(2)


def upload_artifacts(template, template_dir, s3, bucket, placeholder):
    uploads = []
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = resource.setdefault("Properties", {})
        code_uri = props.get("CodeUri")
        if not isinstance(code_uri, str) or code_uri.startswith("s3://"):
            continue
        path = os.path.normpath(os.path.join(template_dir, code_uri))
        if placeholder:
            s3.put_object(Bucket=bucket, Key=logical_id, Body=b"placeholder")
            props["CodeUri"] = f"s3://{bucket}/{logical_id}"
            uploads.append((logical_id, "a placeholder", logical_id, 11))
            continue
        if not os.path.isfile(path):
            raise ValueError(f"{logical_id}: CodeUri {code_uri} is {path}, which is not a file "
                             f"(build it first: mvn -B package -DskipTests)")
        with open(path, "rb") as f:
            body = f.read()
        key = hashlib.md5(body).hexdigest()
        s3.put_object(Bucket=bucket, Key=key, Body=body)
        props["CodeUri"] = f"s3://{bucket}/{key}"
        uploads.append((logical_id, path, key, len(body)))
    return uploads


def main(argv):
    parser = argparse.ArgumentParser(description="package and SAM-transform a template")
    parser.add_argument("template")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--parameter", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--placeholder-code", action="store_true")
    args = parser.parse_args(argv)

    parameters = {}
    for entry in args.parameter:
        key, sep, value = entry.partition("=")
        if not sep or not key:
            print(f"sam_package: --parameter {entry!r} is not KEY=VALUE", file=sys.stderr)
            return 1
        parameters[key] = value

    with open(args.template, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    s3 = boto3.client("s3", endpoint_url=args.endpoint_url, region_name=args.region,
                      aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
                      aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"))
    existing = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
    if args.bucket not in existing:
        s3.create_bucket(Bucket=args.bucket)
    try:
        uploads = upload_artifacts(template, os.path.dirname(os.path.abspath(args.template)), s3, args.bucket,
                                   args.placeholder_code)
    except ValueError as e:
        print(f"sam_package: {e}", file=sys.stderr)
        return 1
    for logical_id, path, key, size in uploads:
        print(f"sam_package: uploaded {path} ({size} bytes) for {logical_id} as s3://{args.bucket}/{key}",
              file=sys.stderr)

    # The pseudo parameters CloudFormation passes to the transform.
    values = {"AWS::Region": args.region, "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
              "AWS::StackName": parameters.pop("AWS::StackName", "stack"), "AWS::URLSuffix": "amazonaws.com"}
    values.update(parameters)
    try:
        translator = Translator(managed_policy_map=None, sam_parser=Parser(),
                                boto_session=boto3.Session(region_name=args.region))
        transformed = translator.translate(sam_template=template, parameter_values=values)
    except InvalidDocumentException as e:
        print("sam_package: the SAM translator refused the template: "
              + "; ".join(str(cause) for cause in e.causes), file=sys.stderr)
        return 1
    json.dump(transformed, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
