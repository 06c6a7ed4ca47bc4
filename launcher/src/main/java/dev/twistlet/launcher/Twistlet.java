package dev.twistlet.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code twistlet} command, the counterpart of {@code twistd}. Its subcommand
 * {@code web} serves a site; {@code -y site.java} serves what a configuration script
 * builds. Usage mistakes print one line on stderr (a script's compiler messages may take
 * more) and exit 2.
 */
@Command(name = "twistlet", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = WebCommand.class, sortOptions = false,
        description = "Run Twisted Web's resource model on the JVM.")
public final class Twistlet implements Callable<Integer> {
    /** Exit status for a usage mistake, as picocli and twistd use. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = {"-y", "--config"}, paramLabel = "FILE",
            description = "Serve the application a Java configuration script builds (the .tac counterpart).")
    Path config;

    @Option(names = {"-n", "--nodaemon"},
            description = "Accepted for twistd's sake: twistlet always runs in the foreground.")
    boolean nodaemon;

    @Option(names = "--pidfile", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT, defaultValue = "twistlet.pid",
            description = "Write the server's PID to FILE while it runs (empty for none). Default: ${DEFAULT-VALUE}.")
    String pidfile;

    /** @return the pid file asked for, or {@code null} when it was turned off */
    Path pidFile() {
        return pidfile == null || pidfile.isEmpty() ? null : Path.of(pidfile);
    }

    @Override
    public Integer call() throws Exception {
        if (config == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing command (try 'twistlet web --help' or 'twistlet -y site.java')");
        }
        ConfiguredApplication.serve(config, pidFile(), System.out);
        return 0;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @return the exit status: 0 after a clean stop, 2 for a usage mistake, 1 otherwise
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Twistlet());
        PrintWriter err = cli.getErr();
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage()
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                err.println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return USAGE;
            }
            err.println(commandLine.getCommandSpec().qualifiedName() + ": failed: " + e);
            e.printStackTrace(err);
            return 1;
        });
        int status = cli.execute(args);
        err.flush();
        return status;
    }
}
