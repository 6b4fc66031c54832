package routes.config;

import java.util.List;

/**
 * IAM authentication to Redshift: with a {@code jdbc:redshift:iam://} URL redshift-jdbc42 asks AWS for a temporary
 * database password at each connect, signed with the AWS SDK v2's default credentials chain (on Kubernetes the
 * pod's role), so no password setting is needed. Provisioned clusters go through {@code redshift:GetClusterCredentials}
 * (after {@code redshift:DescribeClusters} when the URL names {@code cluster-id:region}), Serverless workgroups
 * through {@code redshift-serverless:GetCredentials} (driver 2.2.7, {@code core/IamHelper.java} and
 * {@code core/ServerlessIamHelper.java}; docs/redshift.md has the URL forms and the IAM policy).
 */
public final class RedshiftIamAuthentication {

    /** What the driver's URL parser looks for ({@code Driver.parseURL}: {@code jdbc:redshift:} then {@code iam://}). */
    public static final String URL_PREFIX = "jdbc:redshift:iam://";

    /**
     * The classes the driver loads for an IAM URL with the default credentials chain. The driver declares its SDK
     * modules optional, so each must be put in the production jar on purpose (SlimJarContentsTest checks the
     * shade filter, preflight checks the running jar).
     */
    public static final List<String> DRIVER_CLASSES = List.of(
            "com.amazon.redshift.core.IamHelper",
            "com.amazon.redshift.core.ServerlessIamHelper",
            // auth: the default chain (system properties, environment, web identity, profile, container, instance)
            "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
            // sts: the chain's web identity step (a Kubernetes service account's role) loads this by name
            "software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory",
            // apache-client: IamHelper's client configuration (proxy) names it
            "software.amazon.awssdk.http.apache.ApacheHttpClient",
            // redshift: GetClusterCredentials, DescribeClusters
            "software.amazon.awssdk.services.redshift.RedshiftClient",
            // redshiftserverless: GetCredentials, GetWorkgroup
            "software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient");

    private RedshiftIamAuthentication() {
    }

    public static boolean isIamUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith(URL_PREFIX);
    }

    /** The {@link #DRIVER_CLASSES} {@code loader} cannot load; empty when IAM URLs work with it. */
    public static List<String> missingClasses(ClassLoader loader) {
        return DRIVER_CLASSES.stream().filter(name -> !loadable(name, loader)).toList();
    }

    private static boolean loadable(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
