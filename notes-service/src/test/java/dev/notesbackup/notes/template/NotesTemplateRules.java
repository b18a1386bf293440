package dev.notesbackup.notes.template;

import dev.notesbackup.notes.api.Cors;
import dev.notesbackup.notes.config.NotesConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules the notes stack must keep, checked on a loaded template. Returns every violation, so
 * the contract test shows all of them at once, and the negative tests can show that each rule bites.
 */
final class NotesTemplateRules {
    static final Set<String> TABLES = Set.of("NotesTable", "RepliesTable");
    /** The only DynamoDB actions the function may have: item reads and conditional inserts. */
    static final Set<String> ITEM_ACTIONS = Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
            "dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem");
    static final int MIN_LOG_RETENTION_DAYS = 365;

    private final Map<String, Object> template;
    private final List<String> violations = new ArrayList<>();

    private NotesTemplateRules(Map<String, Object> template) {
        this.template = template;
    }

    static List<String> violations(Map<String, Object> template) {
        NotesTemplateRules rules = new NotesTemplateRules(template);
        rules.identity();
        rules.tables();
        rules.iam();
        rules.cors();
        rules.logging();
        rules.outputs();
        return rules.violations;
    }

    private void identity() {
        expect(Objects.equals(map(template.get("Metadata")).get("ProjectIdentity"), "notes-backup/notes-stack"),
                "Metadata.ProjectIdentity must be notes-backup/notes-stack");
    }

    private void tables() {
        List<String> tables = resourcesOfType("AWS::DynamoDB::Table");
        expect(Set.copyOf(tables).equals(TABLES), "the tables must be exactly " + TABLES + ", found " + tables);
        for (String name : tables) {
            Map<String, Object> table = resource(name);
            Map<String, Object> properties = map(table.get("Properties"));
            expect("Retain".equals(table.get("DeletionPolicy")), name + ": DeletionPolicy must be Retain");
            expect("Retain".equals(table.get("UpdateReplacePolicy")), name + ": UpdateReplacePolicy must be Retain");
            expect(Boolean.TRUE.equals(properties.get("DeletionProtectionEnabled")), name + ": DeletionProtectionEnabled must be true");
            expect(Boolean.TRUE.equals(map(properties.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled")),
                    name + ": point-in-time recovery must be enabled");
            expect("PAY_PER_REQUEST".equals(properties.get("BillingMode")), name + ": BillingMode must be PAY_PER_REQUEST");
            expect(!properties.containsKey("TableName"), name + ": no fixed TableName (a replacement would collide with the retained table)");
        }
    }

    private void iam() {
        Map<String, Object> function = resource("NotesApiFunction");
        Map<String, Object> functionProperties = map(function.get("Properties"));
        expect(Objects.equals(functionProperties.get("Role"), Map.of("Fn::GetAtt", List.of("NotesApiRole", "Arn"))),
                "the function must use its own role NotesApiRole");
        expect(!functionProperties.containsKey("Policies"), "the function must not add SAM Policies to its role");

        for (String roleName : resourcesOfType("AWS::IAM::Role")) {
            Map<String, Object> role = map(resource(roleName).get("Properties"));
            expect(!role.containsKey("ManagedPolicyArns"), roleName + ": no managed policies (they grant more than item access)");
            for (Object policy : list(role.get("Policies"))) {
                statements(roleName, map(map(policy).get("PolicyDocument")));
            }
        }
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy")) {
            for (String name : resourcesOfType(type)) {
                statements(name, map(map(resource(name).get("Properties")).get("PolicyDocument")));
            }
        }
    }

    private void statements(String owner, Map<String, Object> document) {
        for (Object raw : list(document.get("Statement"))) {
            Map<String, Object> statement = map(raw);
            String where = owner + " statement " + statement.getOrDefault("Sid", "?");
            expect("Allow".equals(statement.get("Effect")), where + ": only Allow statements expected");
            expect(!statement.containsKey("NotAction") && !statement.containsKey("NotResource"),
                    where + ": NotAction/NotResource grant everything else");
            List<Object> actions = asList(statement.get("Action"));
            List<Object> resources = asList(statement.get("Resource"));
            for (Object resource : resources) {
                expect(!"*".equals(resource) && !String.valueOf(resource).equals("arn:aws:dynamodb:*"),
                        where + ": resource '*' is not allowed");
            }
            for (Object action : actions) {
                String text = String.valueOf(action);
                expect(!text.contains("*"), where + ": wildcard action " + text);
                if (text.startsWith("dynamodb:")) {
                    expect(ITEM_ACTIONS.contains(text), where + ": " + text + " is not an item-level action");
                }
            }
            boolean dynamo = actions.stream().anyMatch(a -> String.valueOf(a).startsWith("dynamodb:"));
            if (dynamo) {
                for (Object resource : resources) {
                    expect(referencesOnlyOurTables(resource), where + ": DynamoDB resource " + resource
                            + " is not one of " + TABLES + " (or its index)");
                }
            }
        }
    }

    private static boolean referencesOnlyOurTables(Object resource) {
        Map<String, Object> intrinsic = resource instanceof Map<?, ?> ? map(resource) : Map.of();
        if (intrinsic.get("Fn::GetAtt") instanceof List<?> getAtt) {
            return getAtt.size() == 2 && TABLES.contains(getAtt.get(0)) && "Arn".equals(getAtt.get(1));
        }
        if (intrinsic.get("Fn::Sub") instanceof String sub) {
            return Pattern.compile("\\$\\{(NotesTable|RepliesTable)\\.Arn}/index/[A-Za-z0-9_.-]+").matcher(sub).matches();
        }
        return false;
    }

    private void cors() {
        Map<String, Object> api = map(map(resource("NotesHttpApi")).get("Properties"));
        Map<String, Object> cors = map(api.get("CorsConfiguration"));
        expect(Objects.equals(cors.get("AllowOrigins"), Map.of("Ref", "AllowedOrigins")),
                "CORS AllowOrigins must come from the AllowedOrigins parameter");
        expect(!String.valueOf(cors).contains("'*'") && !asList(cors.get("AllowOrigins")).contains("*"),
                "CORS must not allow '*'");
        expect(Objects.equals(cors.get("AllowMethods"), Cors.ALLOW_METHODS), "CORS AllowMethods must match the handler's " + Cors.ALLOW_METHODS);
        expect(Objects.equals(cors.get("AllowHeaders"), Cors.ALLOW_HEADERS), "CORS AllowHeaders must match the handler's");
        expect(Objects.equals(cors.get("ExposeHeaders"), Cors.EXPOSE_HEADERS), "CORS ExposeHeaders must match the handler's");
        expect(Objects.equals(cors.get("MaxAge"), Cors.MAX_AGE_SECONDS), "CORS MaxAge must match the handler's");
        expect(!Boolean.TRUE.equals(cors.get("AllowCredentials")), "CORS must not allow credentials");

        Map<String, Object> parameter = map(map(template.get("Parameters")).get("AllowedOrigins"));
        expect("CommaDelimitedList".equals(parameter.get("Type")), "AllowedOrigins must be a CommaDelimitedList");
        Object fallback = parameter.get("Default");
        expect(fallback == null || !String.valueOf(fallback).contains("*"), "AllowedOrigins must not default to '*'");
        String pattern = String.valueOf(parameter.get("AllowedPattern"));
        expect(pattern.equals(NotesConfig.ORIGIN.pattern()), "AllowedOrigins' AllowedPattern must be the handler's origin pattern");
        Pattern compiled = Pattern.compile(pattern);
        for (String bad : List.of("*", "https://*.example.com", "https://notes.example.com/", "null")) {
            expect(!compiled.matcher(bad).matches(), "AllowedPattern must reject " + bad);
        }

        Map<String, Object> environment = map(map(map(resource("NotesApiFunction").get("Properties")).get("Environment")).get("Variables"));
        expect(Objects.equals(environment.get("ALLOWED_ORIGINS"), Map.of("Fn::Join", List.of(",", Map.of("Ref", "AllowedOrigins")))),
                "the function's ALLOWED_ORIGINS must be the AllowedOrigins parameter");
        expect(Objects.equals(environment.get("NOTES_TABLE"), Map.of("Ref", "NotesTable")), "NOTES_TABLE must be the notes table");
        expect(Objects.equals(environment.get("REPLIES_TABLE"), Map.of("Ref", "RepliesTable")), "REPLIES_TABLE must be the replies table");
    }

    private void logging() {
        Map<String, Object> function = map(resource("NotesApiFunction").get("Properties"));
        Map<String, Object> logging = map(function.get("LoggingConfig"));
        expect("JSON".equals(logging.get("LogFormat")), "the function must log in JSON format");
        // The write-ahead lines are raw JSON on stdout without a "level": Lambda files them as INFO and,
        // with the JSON log format, drops every line below ApplicationLogLevel.
        expect("INFO".equals(logging.get("ApplicationLogLevel")),
                "LoggingConfig.ApplicationLogLevel must be pinned to INFO (the write-ahead lines carry no level, so"
                        + " Lambda files them as INFO and drops them at any higher level), found " + logging.get("ApplicationLogLevel"));
        expect("INFO".equals(logging.get("SystemLogLevel")),
                "LoggingConfig.SystemLogLevel must be pinned to INFO (keeps each invocation's REPORT line), found "
                        + logging.get("SystemLogLevel"));
        Map<String, Object> environment = map(map(function.get("Environment")).get("Variables"));
        for (String jvmOptions : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            expect(!environment.containsKey(jvmOptions), "no " + jvmOptions + " in the environment: the JVM prints a"
                    + " 'Picked up' line at every cold start, which replay counts as a non-write-ahead line, and the java21"
                    + " runtime already sets its own JIT flags");
        }
        expect(Objects.equals(logging.get("LogGroup"), Map.of("Ref", "NotesApiLogGroup")),
                "the function must log to the explicit log group NotesApiLogGroup");
        Map<String, Object> group = resource("NotesApiLogGroup");
        expect("AWS::Logs::LogGroup".equals(group.get("Type")), "NotesApiLogGroup must be a log group");
        expect("Retain".equals(group.get("DeletionPolicy")) && "Retain".equals(group.get("UpdateReplacePolicy")),
                "the log group holds the write-ahead log: it must be retained");
        expect(!map(group.get("Properties")).containsKey("LogGroupName"),
                "no fixed LogGroupName (a stack made again would collide with the retained log group)");
        Object retention = map(group.get("Properties")).get("RetentionInDays");
        List<Integer> possible = new ArrayList<>();
        if (retention instanceof Integer days) {
            possible.add(days);
        } else if (retention instanceof Map<?, ?> ref && ref.get("Ref") instanceof String parameterName) {
            Map<String, Object> parameter = map(map(template.get("Parameters")).get(parameterName));
            if (parameter.get("Default") instanceof Integer days) {
                possible.add(days);
            }
            for (Object value : list(parameter.get("AllowedValues"))) {
                possible.add(value instanceof Integer days ? days : -1);
            }
            expect(parameter.containsKey("AllowedValues"), "the retention parameter must limit its values");
        }
        expect(!possible.isEmpty(), "the log group must have a RetentionInDays");
        for (int days : possible) {
            expect(days >= MIN_LOG_RETENTION_DAYS, "log retention must be at least " + MIN_LOG_RETENTION_DAYS + " days, found " + days);
        }
    }

    private void outputs() {
        Map<String, Object> outputs = map(template.get("Outputs"));
        expect(Objects.equals(map(outputs.get("NotesTableName")).get("Value"), Map.of("Ref", "NotesTable")),
                "output NotesTableName must be the notes table's name");
        expect(Objects.equals(map(outputs.get("RepliesTableName")).get("Value"), Map.of("Ref", "RepliesTable")),
                "output RepliesTableName must be the replies table's name");
        expect(String.valueOf(map(outputs.get("ApiUrl")).get("Value")).contains("${NotesHttpApi}"),
                "output ApiUrl must be the HTTP API's URL");
    }

    Map<String, Object> resource(String name) {
        return map(map(template.get("Resources")).get(name));
    }

    private List<String> resourcesOfType(String type) {
        List<String> names = new ArrayList<>();
        map(template.get("Resources")).forEach((name, value) -> {
            if (type.equals(map(value).get("Type"))) {
                names.add(name);
            }
        });
        return names;
    }

    private void expect(boolean condition, String violation) {
        if (!condition) {
            violations.add(violation);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }

    static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> ? list(value) : List.of(value);
    }
}
