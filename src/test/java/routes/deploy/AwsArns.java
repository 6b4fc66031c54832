package routes.deploy;

/** The ARNs of deploy/aws, with the placeholders its parameters file fills in (deploy/aws/parameters.env.example). */
final class AwsArns {

    static final String BUCKET = "arn:aws:s3:::${BUCKET}";
    static final String OBJECTS = BUCKET + "/";
    static final String KMS_KEY = "arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${KMS_KEY_ID}";
    static final String MSK_CLUSTER = "arn:aws:kafka:${REGION}:${ACCOUNT_ID}:cluster/${MSK_CLUSTER}";
    static final String MSK_TOPICS = "arn:aws:kafka:${REGION}:${ACCOUNT_ID}:topic/${MSK_CLUSTER}/";
    static final String MSK_GROUPS = "arn:aws:kafka:${REGION}:${ACCOUNT_ID}:group/${MSK_CLUSTER}/";
    static final String REDSHIFT_DBUSER = "arn:aws:redshift:${REGION}:${ACCOUNT_ID}:dbuser:${REDSHIFT_CLUSTER}/";
    static final String REDSHIFT_DBNAME = "arn:aws:redshift:${REGION}:${ACCOUNT_ID}:dbname:${REDSHIFT_CLUSTER}/";
    static final String REDSHIFT_WORKGROUP = "arn:aws:redshift-serverless:${REGION}:${ACCOUNT_ID}:workgroup/";

    private AwsArns() {
    }
}
