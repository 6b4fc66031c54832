package routes;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import routes.config.SettingsException;

import java.util.List;

/**
 * {@code java -jar event-pipeline.jar <command>}: the commands of CONTRACT.md. The production jar
 * (event-pipeline-run.jar) leaves out {@code local} and {@code bench} with the embedded services they
 * start, so those two are registered only when their class is on the classpath.
 */
@Command(name = "event-pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = EventPipelineCli.Version.class,
        description = "Event logs from Kafka through S3 into Redshift.",
        subcommands = {RunCommand.class, PreflightCommand.class, ReconcileCommand.class, RoutesCommand.class,
                DlqCommand.class, ReplayCommand.class, JanitorCommand.class, FieldsCommand.class})
public final class EventPipelineCli implements Runnable {

    private static final List<String> ALL_IN_ONE_COMMANDS = List.of("routes.local.LocalCommand", "routes.bench.BenchCommand");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EventPipelineCli());
        for (String className : ALL_IN_ONE_COMMANDS) {
            try {
                cli.addSubcommand(Class.forName(className));
            } catch (ClassNotFoundException absent) {
                // the production jar: this command is not part of it
            }
        }
        // a refused setting or routes file is the operator's to fix: its message, no stack trace
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof SettingsException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            if (e instanceof RoutesFile.InvalidRoutesException) {
                commandLine.getErr().println("routes file refused: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
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
