// A plain JVM TLS client, compiled with javac at test time: opens an SSLSocket to every node with the given
// trust store and key store (as a Spring Boot app would load them), checks the host name like Lettuce does,
// and sends AUTH and PING in RESP. Store passwords and the Redis password come from the environment.
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

public class RedisPing {
  static KeyStore load(String type, String file, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    try (FileInputStream in = new FileInputStream(file)) {
      ks.load(in, password);
    }
    return ks;
  }

  static byte[] command(String... parts) {
    StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
    for (String p : parts) sb.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  // args: trustStoreType trustStoreFile keyStoreType keyStoreFile host:port...
  public static void main(String[] args) throws Exception {
    char[] trustPass = System.getenv("TRUST_PASS").toCharArray();
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(args[0], args[1], trustPass));
    KeyManager[] keyManagers = null;
    if (!args[3].equals("-")) {
      char[] keyPass = System.getenv("KEY_PASS").toCharArray();
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(args[2], args[3], keyPass), keyPass);
      keyManagers = kmf.getKeyManagers();
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keyManagers, tmf.getTrustManagers(), null);
    String password = System.getenv("REDIS_PASSWORD");
    for (int i = 4; i < args.length; i++) {
      int colon = args[i].lastIndexOf(':');
      String host = args[i].substring(0, colon);
      int port = Integer.parseInt(args[i].substring(colon + 1));
      try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket(host, port)) {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out.write(command("AUTH", password));
        out.flush();
        String auth = in.readLine();
        out.write(command("PING"));
        out.flush();
        String pong = in.readLine();
        System.out.println(args[i] + " " + auth + " " + pong + " " + socket.getSession().getProtocol());
      }
    }
  }
}
