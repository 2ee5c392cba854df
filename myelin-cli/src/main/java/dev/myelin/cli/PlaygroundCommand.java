package dev.myelin.cli;

import dev.myelin.cli.base.BaseCommand;
import dev.myelin.playground.PlaygroundMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin playground}: the browser playground, served by {@link PlaygroundMain}. */
@Command(name = "playground", description = "Train and watch a network live in your browser (an embedded web server; "
        + "every asset is served locally).")
public final class PlaygroundCommand extends BaseCommand {
    @Option(names = "--port", description = "The port to listen on (default ${DEFAULT-VALUE}; 0 picks a free port).",
            defaultValue = "8080")
    int port;

    @Option(names = "--host", description = "The address to listen on (default ${DEFAULT-VALUE}: this machine only).",
            defaultValue = "127.0.0.1")
    String host;

    @Override
    protected int run() {
        out().flush();
        return PlaygroundMain.run(new String[] {"--port", Integer.toString(port), "--host", host}, System.out, System.err, true);
    }
}
