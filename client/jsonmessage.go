package client

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/moby/moby/api/types/jsonstream"
)

// JSONMessage is one message of a JSON-message stream (pull, push, build, load,
// import): jsonstream.Message plus the legacy string fields the daemon still sends
// ("progress", "error", "from", "time").
type JSONMessage struct {
	Stream          string               `json:"stream,omitempty"`
	Status          string               `json:"status,omitempty"`
	Progress        *jsonstream.Progress `json:"progressDetail,omitempty"`
	ProgressMessage string               `json:"progress,omitempty"`
	ID              string               `json:"id,omitempty"`
	From            string               `json:"from,omitempty"`
	Time            int64                `json:"time,omitempty"`
	TimeNano        int64                `json:"timeNano,omitempty"`
	Error           *jsonstream.Error    `json:"errorDetail,omitempty"`
	ErrorMessage    string               `json:"error,omitempty"`
	Aux             *json.RawMessage     `json:"aux,omitempty"`
}

// JSONMessageError is an error the daemon reported inside a JSON-message stream
// (errorDetail, or the legacy "error" string). Its text is the daemon's message.
type JSONMessageError struct {
	Code    int
	Message string
}

func (e *JSONMessageError) Error() string { return e.Message }

// Err returns the message's error, or nil when it carries none.
func (m *JSONMessage) Err() error {
	switch {
	case m.Error != nil && (m.Error.Message != "" || m.Error.Code != 0):
		msg := m.Error.Message
		if msg == "" {
			msg = m.ErrorMessage
		}
		return &JSONMessageError{Code: m.Error.Code, Message: msg}
	case m.ErrorMessage != "":
		return &JSONMessageError{Message: m.ErrorMessage}
	case m.Error != nil:
		return &JSONMessageError{}
	}
	return nil
}

// JSONMessageDecoder reads a JSON-message stream one message at a time; it never
// holds more of the stream than the message being decoded.
type JSONMessageDecoder struct {
	dec *json.Decoder
	err error
}

// NewJSONMessageDecoder decodes the stream r.
func NewJSONMessageDecoder(r io.Reader) *JSONMessageDecoder {
	return &JSONMessageDecoder{dec: json.NewDecoder(r)}
}

// Next returns the next message. At the end of the stream it returns io.EOF. A
// message carrying an error is returned together with a *JSONMessageError; a
// malformed stream gives a *DecodeError. After an error every call returns it again.
func (d *JSONMessageDecoder) Next() (JSONMessage, error) {
	if d.err != nil {
		return JSONMessage{}, d.err
	}
	var m JSONMessage
	if err := d.dec.Decode(&m); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			d.err = io.EOF
		case errors.As(err, &se), errors.As(err, &te), errors.Is(err, io.ErrUnexpectedEOF):
			d.err = &DecodeError{Method: "POST", URL: "(JSON-message stream)", Err: err}
		default:
			d.err = err
		}
		return JSONMessage{}, d.err
	}
	if err := m.Err(); err != nil {
		d.err = err
		return m, err
	}
	return m, nil
}
