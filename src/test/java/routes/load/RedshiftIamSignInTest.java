package routes.load;

import routes.contract.Warehouse;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What redshift-jdbc42 does with a {@code jdbc:redshift:iam://} URL and the pool's own properties, against a stand-in
 * for the AWS APIs on this machine (the driver's {@code EndpointUrl} option points its SDK clients there): it asks for
 * a temporary password signed with credentials from the SDK's default chain (here its first step, the
 * {@code aws.accessKeyId} system property), then connects with it. The connection itself then fails (nothing listens
 * where the stand-in says the database is); what is asserted is what reached the AWS API.
 */
class RedshiftIamSignInTest {

    private static final String ACCESS_KEY = "AKIDPIPELINETEST";

    private HttpServer aws;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    record Request(String target, String authorization, String body) {

        Map<String, String> form() {
            return java.util.Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2))
                    .collect(java.util.stream.Collectors.toMap(kv -> kv[0],
                            kv -> kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
        }
    }

    private static final List<String> CHAIN_PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region",
            "aws.roleArn", "aws.webIdentityTokenFile", "aws.endpointUrlSts");

    @BeforeEach
    void credentialsFromTheChainsFirstStep() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", "pipeline-test-secret");
    }

    @AfterEach
    void stop() {
        CHAIN_PROPERTIES.forEach(System::clearProperty);
        if (aws != null) {
            aws.stop(0);
        }
    }

    @Test
    void provisionedClusterUrlGetsClusterCredentialsForTheConfiguredUser() throws Exception {
        serve("text/xml", request -> {
            assertThat(request.form()).containsEntry("Action", "GetClusterCredentials");
            return "<GetClusterCredentialsResponse xmlns=\"http://redshift.amazonaws.com/doc/2012-12-01/\">"
                    + "<GetClusterCredentialsResult><DbUser>IAM:event_pipeline</DbUser><DbPassword>temporary</DbPassword>"
                    + "<Expiration>2099-01-01T00:00:00Z</Expiration></GetClusterCredentialsResult>"
                    + "</GetClusterCredentialsResponse>";
        });

        // The cluster endpoint's own form, cluster.id.region.redshift.amazonaws.com: the driver reads the cluster and the
        // region from it. This host does not exist, so the connection after the credentials fails at once.
        assertThatThrownBy(() -> connect("jdbc:redshift:iam://iam-provisioned.abc123xyz789.us-east-1.redshift.amazonaws.com"
                + ".invalid:5439/analytics")).isInstanceOf(SQLException.class);

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.form()).containsEntry("ClusterIdentifier", "iam-provisioned")
                    .containsEntry("DbUser", "event_pipeline").containsEntry("DbName", "analytics");
            assertThat(r.authorization()).contains("Credential=" + ACCESS_KEY + "/").contains("/us-east-1/redshift/aws4_request");
        });
    }

    @Test
    void serverlessWorkgroupUrlGetsCredentialsForTheWorkgroup() throws Exception {
        serve("application/x-amz-json-1.1", request -> {
            assertThat(request.target()).isEqualTo("RedshiftServerless.GetCredentials");
            return "{\"dbUser\":\"IAMR:event-pipeline\",\"dbPassword\":\"temporary\",\"expiration\":4070908800}";
        });

        // The workgroup endpoint's own form: workgroup.account.region.redshift-serverless.amazonaws.com. This host
        // does not exist, so the connection after the credentials fails at once.
        assertThatThrownBy(() -> connect("jdbc:redshift:iam://iam-serverless.111122223333.us-east-1.redshift-serverless"
                + ".amazonaws.com.invalid:5439/analytics")).isInstanceOf(SQLException.class);

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.body()).contains("\"workgroupName\":\"iam-serverless\"").contains("\"dbName\":\"analytics\"");
            assertThat(r.authorization()).contains("Credential=" + ACCESS_KEY + "/")
                    .contains("/us-east-1/redshift-serverless/aws4_request");
        });
    }

    /**
     * A Kubernetes service account's role (IRSA): the pod gets a role ARN and a web identity token file, and the chain's
     * web identity step (the SDK's sts module) exchanges the token for the role's credentials before the driver signs.
     */
    @Test
    void aServiceAccountsRoleSignsTheRequestThroughTheWebIdentityToken() throws Exception {
        CHAIN_PROPERTIES.forEach(System::clearProperty);
        java.nio.file.Path token = java.nio.file.Files.createTempFile("web-identity", ".jwt");
        java.nio.file.Files.writeString(token, "header.payload.signature");
        serve("text/xml", request -> switch (request.form().get("Action")) {
            case "AssumeRoleWithWebIdentity" -> "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAPODROLE</AccessKeyId>"
                    + "<SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-session</SessionToken>"
                    + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser>"
                    + "<Arn>arn:aws:sts::111122223333:assumed-role/event-pipeline/pod</Arn><AssumedRoleId>AROAPOD:pod</AssumedRoleId>"
                    + "</AssumedRoleUser></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
            case "GetClusterCredentials" -> "<GetClusterCredentialsResponse xmlns=\"http://redshift.amazonaws.com/doc/2012-12-01/\">"
                    + "<GetClusterCredentialsResult><DbUser>IAM:event_pipeline</DbUser><DbPassword>temporary</DbPassword>"
                    + "<Expiration>2099-01-01T00:00:00Z</Expiration></GetClusterCredentialsResult>"
                    + "</GetClusterCredentialsResponse>";
            default -> throw new IllegalStateException("unexpected " + request.body());
        });
        // What the EKS webhook puts in the pod's environment, as the SDK's system properties; STS is this stand-in.
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.roleArn", "arn:aws:iam::111122223333:role/event-pipeline");
        System.setProperty("aws.webIdentityTokenFile", token.toString());
        System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + aws.getAddress().getPort());
        try {
            assertThatThrownBy(() -> connect("jdbc:redshift:iam://iam-irsa.abc123xyz789.us-east-1.redshift.amazonaws.com"
                    + ".invalid:5439/analytics")).isInstanceOf(SQLException.class);
        } finally {
            java.nio.file.Files.deleteIfExists(token);
        }

        assertThat(requests).extracting(r -> r.form().get("Action"))
                .containsExactly("AssumeRoleWithWebIdentity", "GetClusterCredentials");
        assertThat(requests.get(0).form()).containsEntry("RoleArn", "arn:aws:iam::111122223333:role/event-pipeline")
                .containsEntry("WebIdentityToken", "header.payload.signature");
        assertThat(requests.get(1).authorization()).contains("Credential=ASIAPODROLE/");
    }

    /** The driver with exactly the user, password and options the loader's pool would give it. */
    private void connect(String url) throws SQLException {
        HikariConfig pool = WarehouseDataSource.config(Warehouse.REDSHIFT, url, "event_pipeline", "events", 1);
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        properties.setProperty("user", pool.getUsername());
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("EndpointUrl", "http://127.0.0.1:" + aws.getAddress().getPort());
        properties.setProperty("loginTimeout", "30");
        DriverManager.getConnection(url, properties).close();
    }

    private void serve(String contentType, Function<Request, String> answer) throws IOException {
        aws = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        aws.createContext("/", exchange -> {
            Request request = new Request(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            byte[] body;
            int status = 200;
            try {
                body = answer.apply(request).getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException | AssertionError e) {
                body = e.toString().getBytes(StandardCharsets.UTF_8);
                status = 400;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        aws.start();
    }
}
