"""Bytes between two loopback sockets, for the tests' proxies and relays."""

import socket


def copy_until_closed(source: socket.socket, sink: socket.socket) -> None:
    """Copy one direction until either side ends, then end both (the other direction with it)."""
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
