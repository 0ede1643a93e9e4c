package io.voicegather.server.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.net.URL;
import java.util.Locale;

/**
 * How log lines are written to standard error: {@code text} (a line a human reads) or {@code json} (one JSON
 * object per line, Logback's own JsonEncoder, for log collectors). logback.xml picks its appender by the system
 * property {@link #APPENDER_PROPERTY}; {@link #apply()} sets it and reloads the configuration, so it takes effect
 * even when something logged before the options were read.
 */
public enum LogFormat {
    TEXT, JSON;

    static final String APPENDER_PROPERTY = "voicegather.log.appender";

    static LogFormat parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("--log-format must be text or json, not '" + value + "'");
        };
    }

    /** Switches the process's logging to this format, reloading the configuration Logback finds itself. */
    public void apply() {
        reload(null);
    }

    /** As {@link #apply()}, from the configuration file at {@code config} (tests: the server's own logback.xml). */
    void reload(URL config) {
        System.setProperty(APPENDER_PROPERTY, name());
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            try {
                if (config == null) {
                    new ContextInitializer(context).autoConfig();
                } else {
                    JoranConfigurator joran = new JoranConfigurator();
                    joran.setContext(context);
                    joran.doConfigure(config);
                }
            } catch (JoranException e) {
                throw new IllegalStateException("cannot reload the logging configuration", e);
            }
        }
    }
}
