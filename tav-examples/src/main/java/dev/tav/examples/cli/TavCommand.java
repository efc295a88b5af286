package dev.tav.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tav} command-line tool: {@code tav <command> [options]}. */
@Command(name = "tav", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Text-driven video generation and editing with diffusion models (Tune-A-Video).",
        subcommands = {
            ConformanceCommand.class,
            InspectCommand.class,
            TokenizeCommand.class,
            BenchCommand.class,
            TuneCommand.class,
            EditCommand.class,
            GenerateCommand.class,
            DemoCommand.class,
            PretrainCommand.class,
            CommandLine.HelpCommand.class})
public final class TavCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the configured picocli command line (also used by tests) */
    public static CommandLine commandLine() {
        return new CommandLine(new TavCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
