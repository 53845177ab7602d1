// Command fakeplugin is a docker CLI plugin for tests. What it does depends on the name
// it is installed under (docker-NAME): "hang" never answers its metadata, "badjson"
// prints broken JSON, "metafail" exits 1 on it, "novendor" has no Vendor, "badschema"
// a schema version docker refuses; any other name has good metadata. Run, it prints its
// arguments and environment (one "arg:"/"env:" line each) and exits with
// $FAKEPLUGIN_EXIT; with first argument "socket" it connects to the plugin socket and
// reports on stdout when the CLI closes it; with "sleep" it waits for a signal. With
// $FAKEPLUGIN_PROBE_LOG set, each metadata request appends the name to that file.
package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	name := strings.TrimPrefix(filepath.Base(os.Args[0]), "docker-")
	if len(os.Args) > 1 && os.Args[1] == "docker-cli-plugin-metadata" {
		metadata(name)
		return
	}
	args := os.Args[1:]
	if len(args) > 1 && args[1] == "socket" {
		socket()
		return
	}
	if len(args) > 1 && args[1] == "sleep" {
		c := make(chan os.Signal, 4)
		signal.Notify(c, syscall.SIGINT, syscall.SIGTERM)
		fmt.Println("sleeping")
		for s := range c {
			fmt.Println("signal:", s)
		}
		return
	}
	for _, a := range os.Args {
		fmt.Println("arg:" + a)
	}
	env := os.Environ()
	sort.Strings(env)
	for _, e := range env {
		if strings.HasPrefix(e, "DOCKER_") || strings.HasPrefix(e, "FAKEPLUGIN_") {
			fmt.Println("env:" + e)
		}
	}
	code, _ := strconv.Atoi(os.Getenv("FAKEPLUGIN_EXIT"))
	os.Exit(code)
}

func metadata(name string) {
	if log := os.Getenv("FAKEPLUGIN_PROBE_LOG"); log != "" { // which plugins the CLI asked
		if f, err := os.OpenFile(log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintln(f, name)
			f.Close()
		}
	}
	switch {
	case strings.Contains(name, "hang"):
		time.Sleep(time.Hour)
	case strings.Contains(name, "badjson"):
		fmt.Println(`{"SchemaVersion": "0.1.0",`)
	case strings.Contains(name, "metafail"):
		fmt.Fprintln(os.Stderr, "metadata broken")
		os.Exit(1)
	case strings.Contains(name, "novendor"):
		fmt.Println(`{"SchemaVersion":"0.1.0","Version":"v1.0","ShortDescription":"No vendor"}`)
	case strings.Contains(name, "badschema"):
		fmt.Println(`{"SchemaVersion":"2.0.0","Vendor":"skiff tests","Version":"v1.0","ShortDescription":"Bad schema"}`)
	default:
		fmt.Printf(`{"SchemaVersion":"0.1.0","Vendor":"skiff tests","Version":"v1.2.3","ShortDescription":"Fake plugin %s","URL":"https://example.invalid/%s"}`+"\n", name, name)
	}
}

// socket reports when the CLI closes the plugin socket (its way of passing on a signal),
// then waits for a signal of its own, ignoring SIGINT and SIGTERM.
func socket() {
	signal.Ignore(syscall.SIGINT, syscall.SIGTERM)
	conn, err := net.Dial("unix", os.Getenv("DOCKER_CLI_PLUGIN_SOCKET"))
	if err != nil {
		fmt.Println("dial:", err)
		os.Exit(3)
	}
	fmt.Println("connected")
	_, err = conn.Read(make([]byte, 1))
	fmt.Println("closed:", err)
	time.Sleep(15 * time.Second) // outlives the CLI's third signal; gone soon after a test
}
