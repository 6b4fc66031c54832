package routes.deploy;

/**
 * One IAM action a role needs, on what, and why (the call or endpoint it comes from). {@code resource} is an ARN
 * written with deploy/aws's {@code ${NAME}} placeholders: the grant must cover it exactly when {@code exact}, or
 * name a resource of that type (an ARN starting with it) otherwise. {@code unconditional}: the grant must carry
 * no Condition (a HeadBucket names no prefix, so an {@code s3:prefix} condition never matches it).
 */
record RequiredAction(String action, String resource, boolean exact, boolean unconditional, String because) {

    static RequiredAction on(String action, String resource, String because) {
        return new RequiredAction(action, resource, true, false, because);
    }

    static RequiredAction onType(String action, String resourcePrefix, String because) {
        return new RequiredAction(action, resourcePrefix, false, false, because);
    }

    RequiredAction withoutCondition() {
        return new RequiredAction(action, resource, exact, true, because);
    }

    @Override
    public String toString() {
        return action + " on " + resource + (exact ? "" : "…") + (unconditional ? " (no Condition)" : "") + " for " + because;
    }
}
