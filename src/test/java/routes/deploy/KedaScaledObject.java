package routes.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEDA's ScaledObject (keda.sh/v1alpha1), only the fields these manifests may use: read with unknown
 * properties failing, so a field KEDA would ignore or reject fails the test instead.
 */
record KedaScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    /** The metadata keys of KEDA's kafka scaler. */
    static final Set<String> KAFKA_TRIGGER_KEYS = Set.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold",
            "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers", "excludePersistentLag",
            "limitToPartitionsWithLag", "scaleToZeroOnInvalidOffset", "version", "partitionLimitation", "tls", "sasl",
            "awsRegion");

    record Spec(ScaleTargetRef scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount, Integer pollingInterval,
                Integer cooldownPeriod, List<Trigger> triggers) {
    }

    record ScaleTargetRef(String name) {
    }

    record Trigger(String type, Map<String, String> metadata) {
    }
}
