package routes.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import routes.config.PipelineSettings;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static routes.deploy.RequiredAction.on;

/**
 * What the Camel endpoints of routes.yaml need, for the routes a role runs (those without a precondition and
 * those whose precondition is that role): Kafka consumers and producers on their topics and groups, and the
 * aws2-s3 producer. camel-aws2-s3 4.18 (AWS2S3Producer, AWS2S3Endpoint) sends, without an {@code operation}
 * option, a PutObject, or with {@code multiPartUpload} CreateMultipartUpload, UploadPart, CompleteMultipartUpload
 * and on failure AbortMultipartUpload; its endpoint HEADs the bucket when it starts (IamPoliciesTest checks those
 * calls in the component's class files).
 */
final class RouteEndpointActions {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}]+)}}");

    private RouteEndpointActions() {
    }

    static List<RequiredAction> of(String role) throws IOException {
        PipelineSettings defaults = PipelineSettings.defaults();
        JsonNode routes;
        try (InputStream in = RouteEndpointActions.class.getResourceAsStream("/routes.yaml")) {
            routes = YAML.readTree(in);
        }
        List<RequiredAction> out = new ArrayList<>();
        for (JsonNode item : routes) {
            JsonNode route = item.path("route");
            String precondition = route.path("precondition").asText(null);
            if (route.isMissingNode() || (precondition != null && !precondition.equals("{{pipeline.role." + role + "}}"))) {
                continue;
            }
            String id = route.path("id").asText();
            walk(route, route.path("from"), id, defaults, out);
        }
        return out;
    }

    private static void walk(JsonNode node, JsonNode from, String routeId, PipelineSettings defaults, List<RequiredAction> out) {
        if (node.isObject() && node.path("uri").isTextual()) {
            endpoint(node, node == from, routeId, defaults, out);
        }
        node.forEach(child -> walk(child, from, routeId, defaults, out));
    }

    private static void endpoint(JsonNode endpoint, boolean consumer, String routeId, PipelineSettings defaults,
                                 List<RequiredAction> out) {
        String uri = resolve(endpoint.path("uri").asText(), defaults);
        JsonNode parameters = endpoint.path("parameters");
        String because = "route " + routeId + " " + uri;
        if (uri.startsWith("kafka:")) {
            String topic = AwsArns.MSK_TOPICS + uri.substring("kafka:".length());
            out.add(on("kafka-cluster:Connect", AwsArns.MSK_CLUSTER, because));
            out.add(on("kafka-cluster:DescribeTopic", topic, because));
            if (consumer) {
                String group = AwsArns.MSK_GROUPS + resolve(parameters.path("groupId").asText(), defaults);
                out.add(on("kafka-cluster:ReadData", topic, because));
                out.add(on("kafka-cluster:AlterGroup", group, because));
                out.add(on("kafka-cluster:DescribeGroup", group, because));
            } else {
                out.add(on("kafka-cluster:WriteData", topic, because));
                if (!parameters.path("enableIdempotence").asText("true").equals("false")) {
                    out.add(on("kafka-cluster:WriteDataIdempotently", AwsArns.MSK_CLUSTER, because + " (idempotent)"));
                }
            }
        } else if (uri.startsWith("aws2-s3:")) {
            if (parameters.has("operation")) {
                throw new IllegalStateException(because + ": add the IAM action of operation " + parameters.path("operation"));
            }
            String object = AwsArns.OBJECTS + defaults.get("pipeline.s3.prefix") + "any-batch.ndjson.gz";
            out.add(on("s3:ListBucket", AwsArns.BUCKET, because + ": HeadBucket at start").withoutCondition());
            out.add(on("s3:PutObject", object, because));
            boolean kms = parameters.path("useAwsKMS").isTextual() || parameters.path("useAwsKMS").asBoolean(false);
            if (kms) {
                out.add(on("kms:GenerateDataKey", AwsArns.KMS_KEY, because + " with pipeline.s3.sse-kms"));
            }
            if (parameters.path("multiPartUpload").asBoolean(false)) {
                out.add(on("s3:AbortMultipartUpload", object, because + ": a failed multipart upload"));
                if (kms) {
                    out.add(on("kms:Decrypt", AwsArns.KMS_KEY, because + ": SSE-KMS multipart upload"));
                }
            }
        }
    }

    private static String resolve(String text, PipelineSettings defaults) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(defaults.get(m.group(1))));
        }
        return m.appendTail(out).toString();
    }
}
