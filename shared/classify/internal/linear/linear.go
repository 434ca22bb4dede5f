// Package linear is the one model shape feedlens ships: a multinomial
// logistic regression over hashed word, word-pair and character n-gram
// features, with int8 weights so that models stay small enough to embed
// in the WebAssembly core and fast enough to run on every post.
//
// The same feature code serves training and inference, so a model always
// sees the features it was trained on.
package linear

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/feedlens/feedlens/shared/classify/internal/token"
)

// MaxClasses bounds the number of classes of a model.
const MaxClasses = 16

// Features says which features a model uses.
type Features struct {
	Bits    uint8 // log2 of the number of hash buckets
	Bigrams bool  // pairs of neighbouring words
	// CharMin..CharMax are the lengths of the character n-grams taken
	// from each word padded as "<word>"; 0 turns them off. They let a
	// model recognise German compounds ("Fußballspiel") and inflections.
	CharMin, CharMax uint8
	// WordWeight is how many times a whole word counts against one of its
	// character n-grams (0 means 1): words say more than their pieces,
	// and a word has many pieces.
	WordWeight uint8
}

// Model is a trained linear model.
type Model struct {
	Features
	Classes []string
	Bias    []float32
	Scale   float32 // weight = Scale × W[bucket×K+class]
	W       []int8
	mask    uint32
}

// K returns the number of classes.
func (m *Model) K() int { return len(m.Classes) }

const (
	seedWord   = 0x811c9dc5
	seedBigram = 0x1b873593
	seedChar   = 0x9e3779b9
)

// hashNorm hashes b with digits mapped to '0' so that "17 things" and
// "21 things" share features.
func hashNorm(h uint32, b []byte) uint32 {
	for _, c := range b {
		if c >= '0' && c <= '9' {
			c = '0'
		}
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

func mix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	return h
}

// Extract appends the features of the word tokens of t to dst and returns
// it.
func (f *Features) Extract(t *token.Tokens, dst []uint32) []uint32 {
	dst, _ = f.ExtractTokens(t, dst, nil)
	return dst
}

// ExtractTokens is Extract that also records where each token's features
// start (words in scripts the models do not know, and account names after
// "@", have none): token i owns dst[starts[i]:starts[i+1]] (its pair with the word
// before, the word and its character n-grams), and starts has one entry
// more than t has tokens. Features are hashed to 32 bits, so models
// that differ only in Bits can share one extraction.
func (f *Features) ExtractTokens(t *token.Tokens, dst []uint32, starts []int32) ([]uint32, []int32) {
	starts = starts[:0]
	prev := -1
	for i := range t.List {
		starts = append(starts, int32(len(dst)))
		if tk := &t.List[i]; tk.Kind != token.Word && tk.Kind != token.Number || tk.Foreign || tk.Mention {
			continue
		}
		if f.Bigrams && prev >= 0 {
			h := hashNorm(seedBigram, t.NormalBytes(prev))
			h = hashNorm(h^' ', t.NormalBytes(i))
			dst = append(dst, mix(h))
		}
		dst = f.WordFeatures(t, i, dst)
		prev = i
	}
	return dst, append(starts, int32(len(dst)))
}

// Shares reports whether g extracts the same features as f; only the
// number of buckets may differ.
func (f Features) Shares(g Features) bool {
	f.Bits, g.Bits = 0, 0
	return f == g
}

// WordFeatures appends the features of the single word token i: the word
// itself and its character n-grams.
func (f *Features) WordFeatures(t *token.Tokens, i int, dst []uint32) []uint32 {
	w := t.NormalBytes(i)
	h := mix(hashNorm(seedWord, w))
	dst = append(dst, h)
	for r := uint8(1); r < f.WordWeight; r++ {
		dst = append(dst, h)
	}
	if f.CharMin == 0 || len(w) < 3 {
		return dst
	}
	// The n-grams of "<" + w + ">", digits as '0'. All lengths starting
	// at one byte come from one running hash, so each start costs
	// CharMax bytes of hashing, not CharMin+…+CharMax.
	var buf [maxCharWord + 2]byte
	if len(w) > maxCharWord {
		w = w[:maxCharWord]
	}
	buf[0] = '<'
	for k, c := range w {
		if c >= '0' && c <= '9' {
			c = '0'
		}
		buf[k+1] = c
	}
	buf[len(w)+1] = '>'
	p := buf[:len(w)+2]
	lo, hi := int(f.CharMin), int(f.CharMax)
	for s := 0; s+lo <= len(p); s++ {
		h := uint32(seedChar)
		for k := s; k < s+hi && k < len(p); k++ {
			h ^= uint32(p[k])
			h *= 16777619
			if k-s+1 >= lo {
				dst = append(dst, mix(h))
			}
		}
	}
	return dst
}

// maxCharWord bounds the bytes of a word that give character n-grams.
const maxCharWord = 48

// Scores writes the probability of every class into out (len ≥ K) given
// the features; it allocates nothing.
func (m *Model) Scores(feats []uint32, out []float64) {
	m.Logits(feats, out)
	Softmax(out[:len(m.Classes)])
}

// Logits writes the unnormalised log-probability of every class into out
// (len ≥ K); callers may add evidence of their own before Softmax.
func (m *Model) Logits(feats []uint32, out []float64) {
	var acc [MaxClasses]int32
	m.addRows(acc[:len(m.Classes)], feats)
	m.logits(out, len(feats), &acc)
}

// logits writes into out the logits of nfeats features whose weights
// per class sum to acc: what Logits and LogitsOf share.
func (m *Model) logits(out []float64, nfeats int, acc *[MaxClasses]int32) {
	norm := float64(m.Scale) * invSqrt(nfeats)
	for k := range m.Classes {
		out[k] = float64(m.Bias[k]) + float64(acc[k])*norm
	}
}

// Softmax turns logits into probabilities in place.
func Softmax(p []float64) {
	maxv := math.Inf(-1)
	for _, v := range p {
		maxv = math.Max(maxv, v)
	}
	sum := 0.0
	for k := range p {
		p[k] = math.Exp(p[k] - maxv)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
}

// TokenSums appends to dst, for each token of a text (token i owns
// feats[starts[i]:starts[i+1]], as ExtractTokens lays them out), the sum
// of its features' weights for each class: K values per token. LogitsOf
// and WeightOf read them, so that a post's decision and its explanation
// look its features up once (in WebAssembly the explanation's second
// look-up was an eighth of classifying a post).
func (m *Model) TokenSums(feats []uint32, starts []int32, dst []int32) []int32 {
	K := len(m.Classes)
	for i := 0; i+1 < len(starts); i++ {
		n := len(dst)
		for k := 0; k < K; k++ {
			dst = append(dst, 0)
		}
		m.addRows(dst[n:n+K], feats[starts[i]:starts[i+1]])
	}
	return dst
}

// le64 is binary.LittleEndian.Uint64 written out: the core builds
// encoding/binary without inlining, and a call per weight row cost more
// than the sums it saves. The compiler merges the eight loads into one.
func le64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// laneFeats is how many features addRows sums in its 16-bit lanes before
// emptying them: each adds at most 255 to a lane, and 256×255 < 1<<16.
const laneFeats = 256

// addRows adds to acc (K values) the weights of the features. With eight
// classes or more it reads eight weights as one 64-bit word and adds them
// in 16-bit lanes, four classes per addition (biased by +128 to make
// them unsigned): in WebAssembly, which has no SIMD in Go, reading and
// adding weight by weight was the largest part of classifying a post
// (random reads in the topic model's 1.2 MB table, K=9). TestTokenSums and
// TestAddRowsLanes check it against the plain sum.
func (m *Model) addRows(acc []int32, feats []uint32) {
	K := len(acc)
	if K < 8 {
		for _, h := range feats {
			row := m.W[int(h&m.mask)*K:]
			row = row[:len(acc)] // no bounds checks in the loop
			for k := range acc {
				acc[k] += int32(row[k])
			}
		}
		return
	}
	const (
		bias  = 0x8080808080808080 // int8 w XOR 0x80 = w+128 as uint8
		bytes = 0x00ff00ff00ff00ff // the even bytes, each in a 16-bit lane
	)
	// W read as bytes, so that eight of them load as one word.
	wb := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(m.W))), len(m.W))
	wide := K >= 16
	rest := acc[8:]
	if wide {
		rest = acc[16:]
	}
	for len(feats) > 0 {
		chunk := feats[:min(len(feats), laneFeats)]
		feats = feats[len(chunk):]
		var even0, odd0, even1, odd1 uint64
		for _, h := range chunk {
			row := wb[int(h&m.mask)*K:]
			x := le64(row) ^ bias
			even0 += x & bytes
			odd0 += x >> 8 & bytes
			row = row[8:]
			if wide {
				x = le64(row) ^ bias
				even1 += x & bytes
				odd1 += x >> 8 & bytes
				row = row[8:]
			}
			row = row[:len(rest)]
			for k := range rest {
				rest[k] += int32(int8(row[k]))
			}
		}
		off := int32(128 * len(chunk))
		for j := 0; j < 4; j++ {
			acc[2*j] += int32(even0>>(16*j)&0xffff) - off
			acc[2*j+1] += int32(odd0>>(16*j)&0xffff) - off
			if wide {
				acc[8+2*j] += int32(even1>>(16*j)&0xffff) - off
				acc[8+2*j+1] += int32(odd1>>(16*j)&0xffff) - off
			}
		}
	}
}

// LogitsOf writes into out (len ≥ K) what Logits writes for nfeats
// features whose token sums (TokenSums) are in the lists.
func (m *Model) LogitsOf(out []float64, nfeats int, lists ...[]int32) {
	var acc [MaxClasses]int32
	K := len(m.Classes)
	for _, sums := range lists {
		for i, v := range sums {
			acc[i%K] += v
		}
	}
	m.logits(out, nfeats, &acc)
}

// WeightOf returns the weight of one token (its K sums from TokenSums)
// for class k minus its mean weight over all classes, in logit units, of
// a text of n features: how much the token pulls towards k. It explains
// a decision word by word.
func (m *Model) WeightOf(sum []int32, k, n int) float64 {
	var all int32
	for _, v := range sum {
		all += v
	}
	return (float64(sum[k]) - float64(all)/float64(len(m.Classes))) * float64(m.Scale) * invSqrt(n)
}

// invSqrt is the feature value: each of n features counts 1/√n, so long
// and short texts score on one scale.
func invSqrt(n int) float64 {
	if n == 0 {
		return 0
	}
	return 1 / math.Sqrt(float64(n))
}

var magic = []byte("FLLIN3\n")

// MarshalBinary encodes the model: a magic line, the feature settings, the
// classes, the biases, the scale and the weights.
func (m *Model) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	b.Write(magic)
	b.Write([]byte{m.Bits, boolByte(m.Bigrams), m.CharMin, m.CharMax, m.WordWeight, byte(len(m.Classes))})
	for _, c := range m.Classes {
		if len(c) > 255 {
			return nil, fmt.Errorf("linear: class name %q too long", c)
		}
		b.WriteByte(byte(len(c)))
		b.WriteString(c)
	}
	for _, v := range m.Bias {
		binary.Write(&b, binary.LittleEndian, v)
	}
	binary.Write(&b, binary.LittleEndian, m.Scale)
	for _, w := range m.W {
		b.WriteByte(byte(w))
	}
	return b.Bytes(), nil
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// Load decodes a model written by MarshalBinary. The model's weights
// share b's memory, so b must not be modified afterwards.
func Load(b []byte) (*Model, error) {
	if !bytes.HasPrefix(b, magic) {
		return nil, errors.New("linear: not a model file")
	}
	b = b[len(magic):]
	if len(b) < 6 {
		return nil, errors.New("linear: truncated header")
	}
	m := &Model{Features: Features{Bits: b[0], Bigrams: b[1] == 1, CharMin: b[2], CharMax: b[3], WordWeight: b[4]}}
	K := int(b[5])
	b = b[6:]
	if K < 2 || K > MaxClasses || m.Bits < 8 || m.Bits > 24 || m.CharMin > m.CharMax {
		return nil, fmt.Errorf("linear: bad header (classes %d, bits %d, char n-grams %d..%d)", K, m.Bits, m.CharMin, m.CharMax)
	}
	for k := 0; k < K; k++ {
		if len(b) < 1 || len(b) < 1+int(b[0]) {
			return nil, errors.New("linear: truncated class names")
		}
		m.Classes = append(m.Classes, string(b[1:1+int(b[0])]))
		b = b[1+int(b[0]):]
	}
	if len(b) < 4*K+4 {
		return nil, errors.New("linear: truncated biases")
	}
	m.Bias = make([]float32, K)
	for k := range m.Bias {
		m.Bias[k] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*k:]))
	}
	m.Scale = math.Float32frombits(binary.LittleEndian.Uint32(b[4*K:]))
	b = b[4*K+4:]
	if want := K << m.Bits; len(b) != want {
		return nil, fmt.Errorf("linear: %d weight bytes, want %d", len(b), want)
	}
	// The weights alias b rather than copying it: a model is a megabyte
	// that the WebAssembly core should not hold twice. b must not change.
	m.W = unsafe.Slice((*int8)(unsafe.Pointer(unsafe.SliceData(b))), len(b))
	m.mask = 1<<m.Bits - 1
	return m, nil
}
