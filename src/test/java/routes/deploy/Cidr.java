package routes.deploy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether an address lies in an IPv4 or IPv6 CIDR block, as a NetworkPolicy's ipBlock reads it. */
final class Cidr {

    private Cidr() {
    }

    static boolean contains(String cidr, InetAddress address) {
        int slash = cidr.indexOf('/');
        try {
            byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            byte[] candidate = address.getAddress();
            if (network.length != candidate.length) {
                return false;
            }
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            int bits = network.length * 8;
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix).shiftLeft(bits - prefix);
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr + ": " + e.getMessage(), e);
        }
    }
}
