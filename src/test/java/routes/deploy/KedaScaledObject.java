package routes.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEDA's ScaledObject (keda.sh/v1alpha1), only the fields these manifests may use: read with unknown
 * properties failing, so a field KEDA would ignore or reject fails the test instead. The HPA behaviour KEDA hands to
 * the HorizontalPodAutoscaler unchanged is read with the Kubernetes model of autoscaling/v2.
 */
record KedaScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    /**
     * The metadata keys of KEDA's kafka scaler (2.14: pkg/scalers/kafka_scaler.go). {@code bootstrapServersFromEnv},
     * {@code consumerGroupFromEnv} and {@code topicFromEnv} name a variable of the scale target's container instead.
     */
    static final Set<String> KAFKA_TRIGGER_KEYS = Set.of("bootstrapServers", "bootstrapServersFromEnv", "consumerGroup",
            "consumerGroupFromEnv", "topic", "topicFromEnv", "lagThreshold", "activationLagThreshold", "offsetResetPolicy",
            "allowIdleConsumers", "excludePersistentLag", "limitToPartitionsWithLag", "scaleToZeroOnInvalidOffset",
            "version", "partitionLimitation", "tls", "sasl", "saslTokenProvider", "awsRegion", "unsafeSsl");

    record Spec(ScaleTargetRef scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount, Integer pollingInterval,
                Integer cooldownPeriod, Advanced advanced, List<Trigger> triggers) {
    }

    record ScaleTargetRef(String name, String envSourceContainerName) {
    }

    record Advanced(HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig) {
    }

    record HorizontalPodAutoscalerConfig(String name, HorizontalPodAutoscalerBehavior behavior) {
    }

    record Trigger(String type, Map<String, String> metadata, AuthenticationRef authenticationRef) {
    }

    record AuthenticationRef(String name) {
    }
}
