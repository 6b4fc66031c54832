package routes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import routes.config.KafkaClientSecurity;
import routes.config.PipelineSettings;
import routes.config.RunRequirements;
import routes.config.Setting;
import routes.monitor.HttpAccess;
import routes.offsets.GroupOffsetReset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Production: the batcher and/or the loader against Kafka, S3 and the warehouse from configuration.",
                "Starts no embedded service. Settings: --config FILE, PIPELINE_* variables, --key=value."})
final class RunCommand implements Callable<Integer> {

    enum Role { batcher, loader, both }

    @Option(names = "--role", defaultValue = "both", description = "batcher, loader or both (default: ${DEFAULT-VALUE}).")
    Role role;

    @Option(names = "--reset", description = {"Forget the committed offsets of this process's consumer groups and re-read",
            "topics A/B from the beginning (refused while another instance of a group runs). The warehouse stays exactly-once."})
    boolean reset;

    @Mixin
    SettingsOptions options;

    @Mixin
    RoutesOptions routes;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PipelineSettings.Builder builder = options.resolve(null, overrides);
        if (role != Role.both) {
            builder.set(Setting.ROLE_BATCHER, Boolean.toString(role == Role.batcher));
            builder.set(Setting.ROLE_LOADER, Boolean.toString(role == Role.loader));
        }
        if (!routes.apply(builder, false)) {
            return 2;
        }
        PipelineSettings settings = builder.build();
        HttpAccess.check(settings);
        RunRequirements.check(settings);
        if (reset) {
            List<String> groups = new ArrayList<>();
            if (settings.getBoolean(Setting.ROLE_BATCHER)) {
                groups.add(settings.get(Setting.KAFKA_GROUP_BATCHER));
            }
            if (settings.getBoolean(Setting.ROLE_LOADER)) {
                groups.add(settings.get(Setting.KAFKA_GROUP_LOADER));
            }
            GroupOffsetReset.reset(settings.get(Setting.KAFKA_BOOTSTRAP_SERVERS),
                    KafkaClientSecurity.from(settings), groups);
        }
        ShutdownSignal signal = ShutdownSignal.install();
        try (PipelineRuntime runtime = PipelineRuntime.start(settings)) {
            signal.await();
        }
        return 0;
    }
}
