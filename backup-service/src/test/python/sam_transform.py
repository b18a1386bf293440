#!/usr/bin/env python3
"""Turns a SAM template into the plain CloudFormation AWS deploys, for tests on moto (which does not
run the SAM transform): every AWS::Serverless::Function's CodeUri becomes an object in a local S3
bucket (a placeholder: the tests deploy stacks, they do not run the functions), then the template
is transformed by the SAM translator (the Python package samtranslator, which cfn-lint brings) with
the given parameter values. Prints the transformed template (JSON) on standard output.

usage: sam_transform.py TEMPLATE --endpoint-url URL --stack-name S [--region R] [--parameter K=V ...]
exit 1: the translator refused the template; exit 2: a tool is missing.
"""
import argparse
import json
import sys

try:
    import boto3
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator
    from samtranslator.yaml_helper import yaml_parse
except ImportError as e:  # pragma: no cover - environment problem
    print(f"sam_transform: {e.name} is missing: pip install cfn-lint boto3 (cfn-lint brings samtranslator)",
          file=sys.stderr)
    sys.exit(2)

BUCKET = "sam-transform-artifacts"


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("template")
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--stack-name", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--parameter", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    parameters = dict(entry.split("=", 1) for entry in args.parameter)

    with open(args.template, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    s3 = boto3.client("s3", endpoint_url=args.endpoint_url, region_name=args.region,
                      aws_access_key_id="test", aws_secret_access_key="test")
    s3.create_bucket(Bucket=BUCKET)
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") == "AWS::Serverless::Function":
            s3.put_object(Bucket=BUCKET, Key=logical_id, Body=b"placeholder")
            resource.setdefault("Properties", {})["CodeUri"] = f"s3://{BUCKET}/{logical_id}"

    values = {"AWS::Region": args.region, "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
              "AWS::StackName": args.stack_name, "AWS::URLSuffix": "amazonaws.com"}
    values.update(parameters)
    try:
        translator = Translator(managed_policy_map=None, sam_parser=Parser(),
                                boto_session=boto3.Session(region_name=args.region))
        transformed = translator.translate(sam_template=template, parameter_values=values)
    except InvalidDocumentException as e:
        print("sam_transform: the SAM translator refused the template: "
              + "; ".join(str(cause) for cause in e.causes), file=sys.stderr)
        return 1
    json.dump(transformed, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
