package routes.deploy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {

    @Test
    void anAddressIsInABlockWhenItsPrefixBitsMatch() throws Exception {
        InetAddress imds = InetAddress.getByName("169.254.169.254");
        assertThat(Cidr.contains("0.0.0.0/0", imds)).isTrue();
        assertThat(Cidr.contains("169.254.0.0/16", imds)).isTrue();
        assertThat(Cidr.contains("169.254.169.254/32", imds)).isTrue();
        assertThat(Cidr.contains("169.254.169.255/32", imds)).isFalse();
        assertThat(Cidr.contains("10.20.0.0/16", imds)).isFalse();
        assertThat(Cidr.contains("::/0", imds)).as("another family").isFalse();
    }
}
