package io.nspool.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Checks of the UI's files that need no browser. */
class UiSourcesTest {
  private static final Path UI = Path.of("src", "main", "resources", "ui");
  private static final Pattern IMPORT = Pattern.compile("from \"(\\.{1,2}/[^\"]+)\"");
  private static final Pattern MARKUP_SINKS =
      Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(");
  private static final Pattern OUTSIDE =
      Pattern.compile("(src|href)=\"(https?:)?//|url\\((https?:)?//|@import");

  private static List<Path> files(String extension) throws IOException {
    try (Stream<Path> all = Files.walk(UI)) {
      return all.filter(p -> p.toString().endsWith(extension)).sorted().toList();
    }
  }

  @Test
  @DisplayName("No script turns text into markup: every node is built with textContent")
  void noMarkupSinks() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path js : files(".js")) {
      Matcher m = MARKUP_SINKS.matcher(Files.readString(js));
      while (m.find()) {
        found.add(UI.relativize(js) + ": " + m.group());
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  @DisplayName("Every module import names a file that exists")
  void importsResolve() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path js : files(".js")) {
      Matcher m = IMPORT.matcher(Files.readString(js));
      while (m.find()) {
        if (!Files.isRegularFile(js.getParent().resolve(m.group(1)).normalize())) {
          missing.add(UI.relativize(js) + " imports " + m.group(1));
        }
      }
    }
    assertThat(files(".js")).isNotEmpty();
    assertThat(missing).isEmpty();
  }

  @Test
  @DisplayName("Nothing is loaded from another host: the UI works with no internet")
  void nothingFromOutside() throws IOException {
    List<String> found = new ArrayList<>();
    for (String ext : List.of(".html", ".css", ".js")) {
      for (Path file : files(ext)) {
        Matcher m = OUTSIDE.matcher(Files.readString(file));
        while (m.find()) {
          found.add(UI.relativize(file) + ": " + m.group());
        }
      }
    }
    assertThat(found).isEmpty();
  }
}
