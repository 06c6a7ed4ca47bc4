package dev.twistlet.sample;

import dev.twistlet.web.websocket.WebSocketProtocol;
import dev.twistlet.web.websocket.WebSocketTransport;

/** The protocol of {@code websocket/echo}: every text and binary message goes back as it came. */
public class Echo implements WebSocketProtocol {
    private WebSocketTransport transport;

    /** Keeps the transport to answer through. */
    @Override
    public void negotiationStarted(WebSocketTransport transport) {
        this.transport = transport;
    }

    /** Sends the text back. */
    @Override
    public void textMessageReceived(String text) {
        transport.sendTextMessage(text);
    }

    /** Sends the bytes back. */
    @Override
    public void bytesMessageReceived(byte[] data) {
        transport.sendBytesMessage(data);
    }
}
