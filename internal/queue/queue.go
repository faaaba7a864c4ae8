// Package queue carries sitrep's work over NATS JetStream: the records
// `sitrep ingest --queue` reads from files and archives, and the feeds it
// asks to be polled, kept in a durable stream until a worker has stored
// what it made of them. It only moves messages: what a worker does with
// them is package worker's.
//
// The stream keeps each message until it is acknowledged (work-queue
// retention), on disk; one durable consumer hands every message to one
// worker at a time, and again to another when the first neither
// acknowledged it nor said it was still at work within AckWait. A
// message is published with an id (its content's hash), so that one
// published twice within the stream's duplicate window is kept once.
package queue

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep/sitrep/internal/ingest"
)

// Names on the server.
const (
	Stream  = "SITREP"
	Durable = "workers"
	subject = "sitrep.work"
)

// DefaultAckWait is how long a worker has to acknowledge a message, or
// say it is still at work on it, before the message goes to another.
const DefaultAckWait = 60 * time.Second

// Options tune the stream and its consumer when Open makes them; a
// consumer that exists keeps its own.
type Options struct {
	AckWait time.Duration // DefaultAckWait when 0
}

// kind header values.
const (
	kindHeader = "Sitrep-Kind"
	kindRecord = "record"
	kindPoll   = "poll"
)

// IsURL reports whether a --queue value names a NATS server.
func IsURL(s string) bool { return strings.HasPrefix(s, "nats://") || strings.HasPrefix(s, "tls://") }

// Queue is a connection to the stream.
type Queue struct {
	name   string
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	// source names the stream for the store's order of documents: its
	// name and when it was made (a stream made again numbers from 1).
	source  string
	enc     *zstd.Encoder
	dec     *zstd.Decoder
	ackWait time.Duration
}

// Open connects to the NATS server at rawURL (nats://host:4222) and makes
// the stream and its consumer when they are missing. The connection
// outlives a restart of the server: it reconnects for as long as it is
// open.
func Open(ctx context.Context, rawURL string) (*Queue, error) {
	return OpenWith(ctx, rawURL, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, rawURL string, o Options) (*Queue, error) {
	name := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		name = u.Redacted()
	}
	nc, err := nats.Connect(rawURL, nats.Name("sitrep"), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond),
		nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", name, err)
	}
	q := &Queue{name: name, nc: nc}
	if err := q.setup(ctx, o); err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: %w", name, err)
	}
	return q, nil
}

func (q *Queue) setup(ctx context.Context, o Options) error {
	var err error
	if q.js, err = jetstream.New(q.nc); err != nil {
		return err
	}
	q.stream, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        Stream,
		Description: "sitrep's work: records to read and feeds to poll",
		Subjects:    []string{subject},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  10 * time.Minute,
	})
	if err != nil {
		return fmt.Errorf("making the stream %s: %w", Stream, err)
	}
	if o.AckWait <= 0 {
		o.AckWait = DefaultAckWait
	}
	cons, err := q.stream.Consumer(ctx, Durable)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		cons, err = q.stream.CreateConsumer(ctx, jetstream.ConsumerConfig{
			Durable:       Durable,
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       o.AckWait,
			MaxDeliver:    -1,
			MaxAckPending: 4096,
		})
	}
	if err != nil {
		return fmt.Errorf("the consumer %s: %w", Durable, err)
	}
	q.ackWait = cons.CachedInfo().Config.AckWait
	info := q.stream.CachedInfo()
	q.source = "nats:" + Stream + "@" + info.Created.UTC().Format(time.RFC3339Nano)
	return q.codecs()
}

func (q *Queue) codecs() error {
	var err error
	if q.enc, err = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest)); err != nil {
		return err
	}
	q.dec, err = zstd.NewReader(nil, zstd.WithDecoderMaxMemory(256<<20))
	return err
}

// Close closes the connection, after what was published has gone out.
func (q *Queue) Close() error {
	if err := q.nc.Drain(); err != nil {
		q.nc.Close()
	}
	return nil
}

func (q *Queue) String() string { return q.name }

// AckWait is how long the consumer waits for a worker's word on a message.
func (q *Queue) AckWait() time.Duration { return q.ackWait }

// Source names the stream for store.Order.
func (q *Queue) Source() string { return q.source }

// Pending is how many messages wait in the stream, acknowledged ones
// gone.
func (q *Queue) Pending(ctx context.Context) (uint64, error) {
	info, err := q.stream.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("queue %s: %w", q.name, err)
	}
	return info.State.Msgs, nil
}

// Poll asks a worker to poll one feed with the given options, whose
// state the store keeps.
type Poll struct {
	URL     string             `json:"url"`
	Options ingest.FeedOptions `json:"options"`
}

// recordMeta is a record without its body: the first line of a record's
// message, the body after it.
type recordMeta struct {
	Source    string `json:"source"`
	Kind      int    `json:"kind"`
	ID        string `json:"id,omitempty"`
	URL       string `json:"url,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Author    string `json:"author,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
	Charset   string `json:"charset,omitempty"`
	Fetched   string `json:"fetched,omitempty"`
}

// encodeRecord makes the message of a record: its metadata as a line of
// JSON, its body after it, compressed (an HTML page to about a third).
func (q *Queue) encodeRecord(rec ingest.Record) (*nats.Msg, error) {
	meta, err := json.Marshal(recordMeta{rec.Source, int(rec.Kind), rec.ID, rec.URL, rec.Outlet, rec.Author, rec.Title, rec.Published, rec.Charset, rec.Fetched})
	if err != nil {
		return nil, err
	}
	raw := append(append(meta, '\n'), rec.Body...)
	sum := sha256.Sum256(raw)
	m := nats.NewMsg(subject)
	m.Header.Set(kindHeader, kindRecord)
	m.Header.Set(nats.MsgIdHdr, hex.EncodeToString(sum[:]))
	m.Data = q.enc.EncodeAll(raw, nil)
	return m, nil
}

func (q *Queue) decodeRecord(data []byte) (ingest.Record, error) {
	raw, err := q.dec.DecodeAll(data, nil)
	if err != nil {
		return ingest.Record{}, err
	}
	line, body, ok := bytes.Cut(raw, []byte{'\n'})
	if !ok {
		return ingest.Record{}, errors.New("no metadata line")
	}
	var m recordMeta
	if err := json.Unmarshal(line, &m); err != nil {
		return ingest.Record{}, err
	}
	return ingest.Record{Source: m.Source, Kind: ingest.Kind(m.Kind), Body: body, ID: m.ID, URL: m.URL, Outlet: m.Outlet,
		Author: m.Author, Title: m.Title, Published: m.Published, Charset: m.Charset, Fetched: m.Fetched}, nil
}

func encodePoll(p Poll) (*nats.Msg, error) {
	data, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	m := nats.NewMsg(subject)
	m.Header.Set(kindHeader, kindPoll)
	// Polls of one feed are not duplicates of each other: no id.
	m.Data = data
	return m, nil
}

// Publisher publishes messages a window at a time and waits for the
// server to have stored each, publishing again what it did not take.
type Publisher struct {
	q       *Queue
	window  []pending
	Records int   // published and stored by the server
	Bytes   int64 // their size on the wire
}

type pending struct {
	msg *nats.Msg
	ack jetstream.PubAckFuture
}

// Publisher returns a publisher.
func (q *Queue) Publisher() *Publisher { return &Publisher{q: q} }

// windowSize is how many messages may wait for the server's ack.
const windowSize = 256

// Record publishes a record. A record larger than the server takes in
// one message is refused with an error naming it (the server's
// max_payload bounds it).
func (p *Publisher) Record(ctx context.Context, rec ingest.Record) error {
	m, err := p.q.encodeRecord(rec)
	if err != nil {
		return fmt.Errorf("%s: %w", rec.Source, err)
	}
	if max := p.q.nc.MaxPayload(); int64(len(m.Data)) > max {
		return fmt.Errorf("%s: %d bytes compressed, more than the %d the NATS server takes in one message (its max_payload)", rec.Source, len(m.Data), max)
	}
	return p.publish(ctx, m)
}

// Poll publishes a request to poll a feed.
func (p *Publisher) Poll(ctx context.Context, poll Poll) error {
	m, err := encodePoll(poll)
	if err != nil {
		return err
	}
	return p.publish(ctx, m)
}

func (p *Publisher) publish(ctx context.Context, m *nats.Msg) error {
	if len(p.window) >= windowSize {
		if err := p.wait(ctx, windowSize/2); err != nil {
			return err
		}
	}
	ack, err := p.q.js.PublishMsgAsync(m)
	if err != nil {
		ack = nil // published again in wait
	}
	p.window = append(p.window, pending{m, ack})
	return nil
}

// wait waits until at most keep messages are unacknowledged.
func (p *Publisher) wait(ctx context.Context, keep int) error {
	for len(p.window) > keep {
		first := p.window[0]
		if err := p.settle(ctx, first); err != nil {
			return err
		}
		p.Records++
		p.Bytes += int64(len(first.msg.Data))
		p.window = p.window[1:]
	}
	return nil
}

// settle waits for a message's ack, publishing it again (its id makes it
// once) while the server is away, until ctx is done.
func (p *Publisher) settle(ctx context.Context, pm pending) error {
	pause := 100 * time.Millisecond
	for {
		if pm.ack != nil {
			select {
			case <-pm.ack.Ok():
				return nil
			case <-pm.ack.Err():
			case <-time.After(30 * time.Second):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return ctx.Err()
		}
		pause = min(2*pause, 5*time.Second)
		ack, err := p.q.js.PublishMsgAsync(pm.msg)
		if err != nil {
			ack = nil
		}
		pm.ack = ack
	}
}

// Flush waits until the server has stored everything published.
func (p *Publisher) Flush(ctx context.Context) error { return p.wait(ctx, 0) }

// Message is a message for a worker: a record to read or a feed to poll.
type Message struct {
	Record *ingest.Record
	Poll   *Poll
	Seq    uint64 // its place in the stream
	// Delivered counts the times it was handed out, this one included.
	Delivered uint64
	msg       jetstream.Msg
}

// Ack says the message is done with; it goes.
func (m *Message) Ack() error { return m.msg.Ack() }

// Nak asks for the message again after delay.
func (m *Message) Nak(delay time.Duration) error { return m.msg.NakWithDelay(delay) }

// Busy says the worker is still at work on it: AckWait starts again.
func (m *Message) Busy() error { return m.msg.InProgress() }

// Drop says the message can never be done (it is broken); it goes.
func (m *Message) Drop() error { return m.msg.Term() }

// Consumer hands out messages.
type Consumer struct {
	q *Queue
	c jetstream.Consumer
}

// Consumer returns the workers' consumer.
func (q *Queue) Consumer(ctx context.Context) (*Consumer, error) {
	c, err := q.stream.Consumer(ctx, Durable)
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", q.name, err)
	}
	return &Consumer{q: q, c: c}, nil
}

// Fetch returns up to max messages, waiting at most wait for the first.
// A message that cannot be read is dropped and reported to bad.
func (c *Consumer) Fetch(ctx context.Context, max int, wait time.Duration, bad func(error)) ([]Message, error) {
	batch, err := c.c.Fetch(max, jetstream.FetchMaxWait(wait))
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", c.q.name, err)
	}
	var out []Message
	for m := range batch.Messages() {
		meta, err := m.Metadata()
		if err != nil {
			bad(fmt.Errorf("queue %s: a message without metadata: %w", c.q.name, err))
			m.Term()
			continue
		}
		msg := Message{Seq: meta.Sequence.Stream, Delivered: meta.NumDelivered, msg: m}
		switch kind := m.Headers().Get(kindHeader); kind {
		case kindRecord:
			rec, err := c.q.decodeRecord(m.Data())
			if err != nil {
				bad(fmt.Errorf("queue %s: message %d: %w", c.q.name, msg.Seq, err))
				m.Term()
				continue
			}
			msg.Record = &rec
		case kindPoll:
			var p Poll
			if err := json.Unmarshal(m.Data(), &p); err != nil {
				bad(fmt.Errorf("queue %s: message %d: %w", c.q.name, msg.Seq, err))
				m.Term()
				continue
			}
			msg.Poll = &p
		default:
			bad(fmt.Errorf("queue %s: message %d is of no kind sitrep knows (%q)", c.q.name, msg.Seq, kind))
			m.Term()
			continue
		}
		out = append(out, msg)
	}
	if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && len(out) == 0 {
		return nil, fmt.Errorf("queue %s: %w", c.q.name, err)
	}
	_ = ctx
	return out, nil
}
