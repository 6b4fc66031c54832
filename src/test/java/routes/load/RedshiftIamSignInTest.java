package routes.load;

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

    @BeforeEach
    void start() throws IOException {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", "pipeline-test-secret");
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
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

    /** The driver with exactly the user, password and options the loader's pool would give it. */
    private void connect(String url) throws SQLException {
        HikariConfig pool = WarehouseDataSource.config(RedshiftDialect.NAME, url, "event_pipeline", "events", 1);
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
