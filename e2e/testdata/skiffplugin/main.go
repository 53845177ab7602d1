// Command skiffplugin is the smallest managed engine plugin the e2e tests can enable:
// it listens on the socket its config.json names (the engine only enables a plugin
// whose socket answers) and answers every call of the plugin protocol with an empty
// JSON object, the handshake with the log-driver interface. A log driver is asked
// nothing until a container uses it, so other tests on the shared engine never meet it.
// No net/http: the binary goes into every test plugin's rootfs and is pushed around.
package main

import (
	"bufio"
	"net"
	"os"
	"strconv"
	"strings"
)

func main() {
	sock := "/run/docker/plugins/skiff.sock"
	os.Remove(sock)
	l, err := net.Listen("unix", sock)
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	for {
		c, err := l.Accept()
		if err != nil {
			os.Exit(1)
		}
		go serve(c)
	}
}

// serve answers the requests of one connection (kept alive as the engine's client
// wishes).
func serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		fields := strings.Fields(line)
		length := 0
		for {
			h, err := r.ReadString('\n')
			if err != nil {
				return
			}
			h = strings.TrimSpace(h)
			if h == "" {
				break
			}
			if k, v, ok := strings.Cut(h, ":"); ok && strings.EqualFold(k, "Content-Length") {
				length, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		if _, err := r.Discard(length); err != nil {
			return
		}
		body := "{}"
		if len(fields) > 1 && fields[1] == "/Plugin.Activate" {
			body = `{"Implements":["LogDriver"]}`
		}
		resp := "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.plugins.v1.2+json\r\nContent-Length: " +
			strconv.Itoa(len(body)) + "\r\n\r\n" + body
		if _, err := c.Write([]byte(resp)); err != nil {
			return
		}
	}
}
