package routes;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar event-pipeline.jar <command>}: the commands of CONTRACT.md. */
@Command(name = "event-pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = EventPipelineCli.Version.class,
        description = "Event logs from Kafka through S3 into Redshift.",
        subcommands = {LocalCommand.class, RunCommand.class, PreflightCommand.class, ReconcileCommand.class, BenchCommand.class,
                RoutesCommand.class})
public final class EventPipelineCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EventPipelineCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EventPipelineCli.class.getPackage().getImplementationVersion();
            return new String[] {"event-pipeline " + (version == null ? "dev" : version)};
        }
    }
}
