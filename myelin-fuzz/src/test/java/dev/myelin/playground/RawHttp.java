package dev.myelin.playground;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request written byte for byte to 127.0.0.1 (so that paths such as {@code /../x} and
 * {@code %2e%2e} reach the server exactly as given, which a URI-normalizing client would not allow),
 * and its status and body.
 */
record RawHttp(int status, String body) {

    static RawHttp send(int port, String method, String path, byte[] body, String contentLength) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            // as the playground's own page sends it: its Host, and for a POST its Origin and JSON
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                head.append("Origin: http://127.0.0.1:").append(port).append("\r\nContent-Type: application/json\r\n");
            }
            if (contentLength != null) {
                head.append("Content-Length: ").append(contentLength).append("\r\n");
            } else if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // the server may answer and close before reading a refused body
                }
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int r; (r = in.read(buf)) > 0; ) {
                    all.write(buf, 0, r);
                    if (all.size() > 4 << 20) {
                        break;
                    }
                }
            } catch (IOException e) {
                // a reset after the answer: keep what came
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int sp = text.indexOf(' ');
            if (sp < 0) {
                return new RawHttp(-1, text);
            }
            int status = Integer.parseInt(text.substring(sp + 1, sp + 4));
            int split = text.indexOf("\r\n\r\n");
            String payload = split < 0 ? "" : text.substring(split + 4);
            if (text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                payload = dechunk(payload);
            }
            return new RawHttp(status, payload);
        }
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int nl = s.indexOf("\r\n", i);
            if (nl < 0) {
                break;
            }
            int n = Integer.parseInt(s.substring(i, nl).trim(), 16);
            if (n == 0) {
                break;
            }
            out.append(s, nl + 2, Math.min(s.length(), nl + 2 + n));
            i = nl + 2 + n + 2;
        }
        return out.toString();
    }
}
