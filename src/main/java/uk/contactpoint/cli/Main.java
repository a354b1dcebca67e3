package uk.contactpoint.cli;

/** The entry point of the jar: every use of ContactPoint goes through one picocli command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exit = Cli.run(args);
        if (exit != Cli.KEEP_RUNNING) {
            System.exit(exit);
        }
    }
}
