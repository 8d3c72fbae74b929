package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures log events of the root logger while installed (test helper). */
final class RecordingAppender extends AbstractAppender implements AutoCloseable {
    final List<String> events = new CopyOnWriteArrayList<>();

    private RecordingAppender() {
        super("recording", null, null, true, Property.EMPTY_ARRAY);
    }

    static RecordingAppender install() {
        RecordingAppender appender = new RecordingAppender();
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        return appender;
    }

    @Override
    public void append(LogEvent event) {
        events.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage());
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
