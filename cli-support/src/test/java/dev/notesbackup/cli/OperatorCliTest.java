package dev.notesbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;

class OperatorCliTest {
    /** What a command fails with, chosen by the test. */
    static final class Boom extends RuntimeException {
        Boom(String message) {
            super(message);
        }
    }

    /** The root, made by the caller; its subcommands come from the factory, as the CLIs' do. */
    @Command(name = "probe", subcommands = Probe.class)
    static final class Root implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER)
    static final class Probe implements Callable<Integer> {
        @Mixin
        AwsOptions aws;

        @Option(names = "--fail")
        String fail;

        String injected;

        @Override
        public Integer call() {
            if ("config".equals(fail)) {
                throw new Boom("BAD_VARIABLE='x' is not a number\nsecond line");
            }
            if ("argument".equals(fail)) {
                throw new IllegalArgumentException("--tables must not be empty");
            }
            if ("sdk".equals(fail)) {
                throw SdkClientException.create("Unable to load region");
            }
            return injected == null ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Probe last;

    private int run(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "run";
        System.arraycopy(options, 0, args, 1, options.length);
        return OperatorCli.commandLine(new Root(), OperatorCli.injecting(Probe.class, probe -> {
            probe.injected = "context";
            last = probe;
        }), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                e -> e instanceof Boom).execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void execute_exitsUsage_withAPointerToHelp_whenAnOptionIsUnknown() {
        assertThat(run("--nope")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).isEqualTo("error: Unknown option: '--nope'\nTry 'probe run --help'.\n");
    }

    @Test
    void execute_exitsUsage_inOneLine_whenTheCommandFindsBadInput() {
        assertThat(run("--fail", "config")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--fail", "argument")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).isEqualTo("error: BAD_VARIABLE='x' is not a number\nerror: --tables must not be empty\n");
    }

    @Test
    void execute_exitsError_namingTheSdkException_andPrintsTheStackOnlyWhenVerbose() {
        assertThat(run("--fail", "sdk")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).isEqualTo("error: SdkClientException: Unable to load region\n");
        err.reset();

        assertThat(run("--fail", "sdk", "--verbose")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).startsWith("error: SdkClientException: Unable to load region\n").contains("\tat ");
    }

    @Test
    void injecting_handsTheCommandItsContext_beforeItRuns() {
        assertThat(run()).isEqualTo(ExitCodes.OK);
        assertThat(last.injected).isEqualTo("context");
    }

    @Test
    void awsOptions_areParsed_andHelpListsThemWithTheExitCodes() {
        assertThat(run("--endpoint-url", "http://127.0.0.1:4566", "--region", "eu-west-1", "--profile", "ops")).isZero();
        assertThat(last.aws.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(last.aws.region()).isEqualTo("eu-west-1");
        assertThat(last.aws.profile()).isEqualTo("ops");

        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--endpoint-url=URL", "AWS_ENDPOINT_URL", "AWS_REGION",
                "AWS_PROFILE", "Exit codes: 0 done").doesNotContainIgnoringCase("moto");
    }
}
