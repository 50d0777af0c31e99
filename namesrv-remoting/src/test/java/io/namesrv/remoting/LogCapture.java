package io.namesrv.remoting;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes the log lines of the server's loggers while a test runs, instead of the console: a test can
 * check that a line was written (and how many), and a fuzz run of many thousand broken inputs does
 * not print a line for each.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final boolean wasAdditive;
    private final List<ILoggingEvent> events = new ArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.wasAdditive = logger.isAdditive();
    }

    /**
     * Captures what the loggers under {@code name} write, from now until close: at the levels the
     * test configuration lets through, WARN and above.
     */
    static LogCapture of(String name) {
        LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(name));
        capture.setContext(capture.logger.getLoggerContext());
        capture.start();
        capture.logger.addAppender(capture);
        capture.logger.setAdditive(false);
        return capture;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        events.add(event);
    }

    /** Lines of {@code source}'s logger at {@code level} whose text contains {@code text}. */
    long count(Class<?> source, Level level, String text) {
        return count(source.getName(), level, text);
    }

    /** The same, by logger name: for the server's package-private classes. */
    synchronized long count(String loggerName, Level level, String text) {
        return events.stream().filter(e -> e.getLoggerName().equals(loggerName) && e.getLevel() == level
            && e.getFormattedMessage().contains(text)).count();
    }

    /** Every line at ERROR, as text. */
    synchronized List<String> errors() {
        List<String> errors = new ArrayList<>();
        events.stream().filter(e -> e.getLevel() == Level.ERROR)
            .forEach(e -> errors.add(e.getLoggerName() + ": " + e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": "
                    + e.getThrowableProxy().getMessage() + ")")));
        return errors;
    }

    /** Forgets the lines taken so far: a long run keeps only those of the current case. */
    synchronized void clear() {
        events.clear();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setAdditive(wasAdditive);
        stop();
    }
}
