package routes.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * KEDA's TriggerAuthentication (keda.sh/v1alpha1), only the fields these manifests may use (the pod identity), read
 * with unknown properties failing.
 */
record KedaTriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    record Spec(PodIdentity podIdentity) {
    }

    /** provider {@code aws} (KEDA 2.13+); identityOwner {@code workload}: the scaled workload's IRSA role. */
    record PodIdentity(String provider, String identityOwner, String roleArn) {
    }
}
