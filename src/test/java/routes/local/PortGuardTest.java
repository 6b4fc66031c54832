package routes.local;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import routes.config.Setting;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortGuardTest {

    @Test
    void portHeldByAnotherSocketIsRefusedNamingThePropertyThatMovesIt() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = held.getLocalPort();

            assertThatThrownBy(() -> PortGuard.requireFree("127.0.0.1", port, Setting.LOCAL_KAFKA_PORT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("port " + port + " is in use; set pipeline.local.kafka-port to another port");
        }
    }

    @Test
    void freePortIsAccepted() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }

        assertThatCode(() -> PortGuard.requireFree("127.0.0.1", port, Setting.LOCAL_S3_PORT))
                .doesNotThrowAnyException();
    }
}
