package io.sparkmlp.it;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Copies what one logger (and its children) writes at WARN (or a given level) and above into a string, while open. */
final class LogCapture implements AutoCloseable {
  private final StringWriter text = new StringWriter();
  private final LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
  private final String logger;
  private final WriterAppender appender;

  LogCapture(String logger) {
    this(logger, Level.WARN);
  }

  LogCapture(String logger, Level level) {
    this.logger = logger;
    Configuration config = ctx.getConfiguration();
    appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%p %c{1}: %m%n")
        .build(), null, text, "capture-" + logger, false, true);
    appender.start();
    LoggerConfig lc = new LoggerConfig(logger, Level.INFO, true);
    lc.addAppender(appender, level, null);
    config.addLogger(logger, lc);
    ctx.updateLoggers();
  }

  String text() {
    return text.toString();
  }

  @Override
  public void close() {
    ctx.getConfiguration().removeLogger(logger);
    ctx.updateLoggers();
    appender.stop();
  }
}
