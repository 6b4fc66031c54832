package routes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "The Camel routes (YAML) the pipeline runs.",
        subcommands = RoutesCommand.Export.class)
final class RoutesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Writes the packaged routes.yaml to FILE, to edit and run with `run --routes FILE` or",
                    "`local --routes FILE [--reload]`, without rebuilding the jar."})
    static final class Export implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "Where to write the routes (e.g. my-routes.yaml).")
        Path file;

        @Option(names = "--force", description = "Replace FILE if it exists.")
        boolean force;

        @Override
        public Integer call() {
            try {
                RoutesFile.export(file, force);
            } catch (IOException e) {
                System.err.println("routes export: " + e.getMessage());
                return 2;
            }
            System.out.println("wrote " + file + "; run it with: local --routes " + file + " --reload");
            return 0;
        }
    }
}
