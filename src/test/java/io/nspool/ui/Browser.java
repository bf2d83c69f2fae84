package io.nspool.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its own chromedriver: both paths are given, so Selenium
 * Manager never looks for (or downloads) a browser or a driver. One fresh profile per browser.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = System.getProperty("nspool.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("nspool.chromedriver", "/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Path profile;
  private final ChromeDriver driver;
  private final String baseUrl;

  Browser(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    try {
      profile = Files.createTempDirectory("nspool-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1280, 900));
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String hashPath) {
    driver.get(baseUrl + hashPath);
  }

  WebElement waitFor(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void waitUntilGone(By by) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(by));
  }

  void waitForText(By by, String text) {
    new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** Waits for the condition; an element the UI re-rendered meanwhile just means "try again". */
  void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  /**
   * The values of a select's options, read in one script call: the UI refills the select when the
   * available namespaces change, so reading option by option could meet a removed element.
   */
  @SuppressWarnings("unchecked")
  List<String> optionValues(String selectId) {
    return (List<String>)
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript(
                "return Array.from(document.getElementById(arguments[0]).options)"
                    + ".map(o => o.value);",
                selectId);
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /** Waits until the select offers the option, then picks it (the UI may refill it meanwhile). */
  void select(By by, String value) {
    waitUntil(
        d -> {
          try {
            new Select(d.findElement(by)).selectByValue(value);
            return value.equals(d.findElement(by).getDomProperty("value"));
          } catch (NoSuchElementException
              | StaleElementReferenceException
              | UnsupportedOperationException e) {
            return false;
          }
        });
  }

  void logIn(String token) {
    open("");
    WebElement field = waitFor(By.id("token"));
    field.sendKeys(token);
    driver.findElement(By.id("sign-in")).click();
    waitFor(By.id("whoami"));
  }

  /** Saves the whole page as it looks now to target/screenshots/NAME.png. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      // The window's height includes the browser's own bars: add them to the page's.
      Number height =
          (Number)
              driver.executeScript(
                  "return document.documentElement.scrollHeight"
                      + " + window.outerHeight - window.innerHeight");
      Dimension before = driver.manage().window().getSize();
      driver
          .manage()
          .window()
          .setSize(
              new Dimension(before.getWidth(), Math.max(before.getHeight(), height.intValue())));
      File shot = driver.getScreenshotAs(OutputType.FILE);
      driver.manage().window().setSize(before);
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // A leftover temp profile is harmless.
      }
    }
  }
}
