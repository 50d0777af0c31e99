package io.namesrv.dist.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium driven by Debian's chromedriver through Selenium, headless. The driver's path is
 * given, so Selenium Manager never looks for one on the network; the profile is a fresh directory under
 * the work dir, and Chromium's own network chatter is off (on a closed network it fails without).
 *
 * <p>Where Chromium or its driver is missing the calling test is skipped, unless the environment says
 * {@code NAMESRV_IT_BROWSER=required} (as {@code .ci/run} does): then it fails, because a CI run that
 * skipped the browser would prove nothing. {@link #close()} quits the browser, stops the driver, and
 * kills by PID whatever of the two is still running.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String REQUIRED_VARIABLE = "NAMESRV_IT_BROWSER";
    private static final Duration DRIVER_START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips (or, when required, fails) the calling test unless Chromium and chromedriver are installed. */
    public static void assumeInstalled() {
        for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(program)) {
                String what = program + " is missing; apt-get install chromium chromium-driver (as .ci/run does)";
                if ("required".equals(System.getenv(REQUIRED_VARIABLE))) {
                    throw new IllegalStateException(what + " (" + REQUIRED_VARIABLE + "=required: not skipping)");
                }
                Assumptions.abort(what);
            }
        }
    }

    /** Starts chromedriver and a headless Chromium with a new profile under {@code workDir}. */
    public static HeadlessChromium start(Path workDir) {
        assumeInstalled();
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Path profile = workDir.resolve("chromium-profile");
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withTimeout(DRIVER_START_TIMEOUT)
            .withLogFile(workDir.resolve("chromedriver.log").toFile())
            .build();
        ChromeOptions options = new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1500");
        ChromeDriver driver;
        try {
            service.start();
            driver = new ChromeDriver(service, options);
        } catch (IOException e) {
            stop(service, profile);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop(service, profile);
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT).scriptTimeout(PAGE_LOAD_TIMEOUT);
        return new HeadlessChromium(service, driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** A PNG of the window, written to {@code file}. */
    public Path screenshot(Path file) {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            return Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            stop(service, profile);
        }
    }

    private static void stop(ChromeDriverService service, Path profile) {
        service.stop();
        killLeftovers(profile);
    }

    /** chromedriver and the Chromium processes of this profile, if any outlived quit and stop: killed by PID. */
    private static void killLeftovers(Path profile) {
        ProcessHandle.current().descendants()
            .filter(p -> commandLine(p).map(c -> c.contains(CHROMEDRIVER.toString()) || c.contains(profile.toString()))
                .orElse(false))
            .forEach(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
            });
    }

    private static Optional<String> commandLine(ProcessHandle process) {
        return process.info().commandLine();
    }
}
