package dev.twistlet.sample;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

/**
 * A page that talks to the WebSocket echo below it ({@code websocket/echo}): its script opens
 * {@code ws://} (or {@code wss://}) on the page's own host and path plus {@code /echo}, so it
 * works wherever the site is mounted. {@code #url} shows where it connects, {@code #status} says
 * {@code open} while connected, and what comes back from what the input sends is listed in
 * {@code #log}.
 */
public class WebSocketPage extends Resource {
    private static final String PAGE = """
            <!doctype html><html><head><title>WebSocket echo</title></head><body>
            <h1>WebSocket echo</h1>
            <p>Status: <span id="status">connecting</span> to <code id="url"></code></p>
            <form id="form"><input id="message" autocomplete="off"> <button id="send" type="submit">Send</button></form>
            <ul id="log"></ul>
            <script>
            const url = new URL(location.pathname.replace(/\\/$/, '') + '/echo', location.href);
            url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
            const socket = new WebSocket(url);
            socket.binaryType = 'arraybuffer';
            const status = document.getElementById('status');
            document.getElementById('url').textContent = socket.url;
            const log = document.getElementById('log');
            function show(text) {
              const item = document.createElement('li');
              item.textContent = text;
              log.appendChild(item);
            }
            socket.onopen = () => { status.textContent = 'open'; };
            socket.onclose = event => { status.textContent = 'closed (' + event.code + ')'; };
            socket.onerror = () => { status.textContent = 'error'; };
            socket.onmessage = event => show(typeof event.data === 'string' ? event.data
                : '(' + event.data.byteLength + ' bytes)');
            document.getElementById('form').onsubmit = event => {
              event.preventDefault();
              const input = document.getElementById('message');
              socket.send(input.value);
              input.value = '';
            };
            </script>
            </body></html>
            """;

    /** @return the page; the script finds the echo from the page's own URL */
    @Override
    public Object renderGet(Request request) {
        return PAGE;
    }
}
