package io.nspool.localcluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Health probes of the local components on loopback. They only ask "are you up yet?" of processes
 * this JVM just started on 127.0.0.1, before the apiserver's self-signed certificate exists, so
 * they do not verify TLS; real clients use the kubeconfig, which pins that certificate.
 */
final class Probe {
  private static final SSLSocketFactory TRUST_LOOPBACK = trustAll();

  private Probe() {}

  /** Status code and body of a GET, or a description of why there was none. */
  record Answer(int status, String body) {
    boolean ok() {
      return status == 200;
    }

    @Override
    public String toString() {
      return status < 0 ? body : "HTTP " + status + ": " + body.strip();
    }
  }

  static Answer get(String url, String bearerToken) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      if (connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(TRUST_LOOPBACK);
        https.setHostnameVerifier((host, session) -> true);
      }
      connection.setConnectTimeout(2000);
      connection.setReadTimeout(5000);
      if (bearerToken != null) {
        connection.setRequestProperty("Authorization", "Bearer " + bearerToken);
      }
      int status = connection.getResponseCode();
      InputStream stream =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      String body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      return new Answer(status, body.length() > 2000 ? body.substring(0, 2000) : body);
    } catch (IOException e) {
      return new Answer(-1, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static SSLSocketFactory trustAll() {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
