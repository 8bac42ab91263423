package store

import (
	"encoding/binary"
	"strings"
)

// The document index's keys. Separators are NUL bytes, which never occur
// in terms, regions or IDs; versions, sentence numbers and years are
// big-endian, so keys sort by them. The bot's state keeps its prefixes
// beside each entity (subscriptions.go, outbox.go, …).
const (
	kSchema      = "m\x00schema"
	kSentTotal   = "m\x00nsent" // NUL, region -> indexed sentences, over current versions
	kStats       = "m\x00stats" // statsState: the counters' generation and changes being folded in
	kUsed        = "m\x00used"  // set when the first document is stored (see marker.go)
	pDoc         = "d\x00"      // docID -> DocMeta
	pVersion     = "v\x00"      // docID, ver -> plan.Document (encodeValue)
	pSentence    = "s\x00"      // docID, ver, sentID -> SentenceRecord
	pPosting     = "p\x00"      // region, term, year, docID, ver -> sentence IDs
	pTermCount   = "tc\x00"     // docID, ver -> the version's postingSummary, for df and cleanup
	pDocFreq     = "df\x00"     // region, term -> sentences holding it, over current versions
	pDomain      = "dt\x00"     // term -> documents using it, for the segmenter's dictionary
	pGC          = "gc\x00"     // docID, ver -> region: postings and sentences to remove
	pNextVersion = "nv\x00"     // docID -> next version number (see reserveVersion)
	pStatDelta   = "sd\x00"     // docID, ver, NUL, counter key -> the version's change to that counter
)

// AllRegions is the partition of the index holding every region's
// postings and statistics, for questions that name no region: one key
// range to read instead of one per region.
const AllRegions = "\x01all"

// key returns prefix followed by parts separated by NULs.
func key(prefix string, parts ...string) []byte {
	return []byte(prefix + strings.Join(parts, "\x00"))
}

// appendIDVersion appends "docID NUL version", the tail of every key of
// one document version; splitIDVersion reads it back.
func appendIDVersion(b []byte, id string, ver int) []byte {
	b = append(append(b, id...), 0)
	return binary.BigEndian.AppendUint32(b, uint32(ver))
}

// splitIDVersion reads the "docID NUL version" tail of a key; the
// version is four bytes and may itself hold NULs.
func splitIDVersion(b []byte) (string, int, bool) {
	if len(b) < 5 || b[len(b)-5] != 0 {
		return "", 0, false
	}
	return string(b[:len(b)-5]), int(binary.BigEndian.Uint32(b[len(b)-4:])), true
}

// regionKey names the partition of documents without a region.
func regionKey(region string) string {
	if region == "" {
		return "_"
	}
	return region
}

func docKey(id string) []byte              { return key(pDoc, id) }
func nextVersionKey(id string) []byte      { return key(pNextVersion, id) }
func versionKey(id string, ver int) []byte { return appendIDVersion([]byte(pVersion), id, ver) }
func termCountKey(id string, ver int) []byte {
	return appendIDVersion([]byte(pTermCount), id, ver)
}
func gcKey(id string, ver int) []byte { return appendIDVersion([]byte(pGC), id, ver) }

func sentencePrefix(id string, ver int) []byte {
	return append(appendIDVersion([]byte(pSentence), id, ver), 0)
}
func sentenceKey(id string, ver, sent int) []byte {
	return binary.BigEndian.AppendUint32(sentencePrefix(id, ver), uint32(sent))
}

func postingPrefix(region, term string) []byte {
	return append(key(pPosting, regionKey(region), term), 0)
}
func postingYearPrefix(region, term string, year int) []byte {
	return append(binary.BigEndian.AppendUint16(postingPrefix(region, term), uint16(year)), 0)
}

// yearLen is the length of a posting key's year and its NUL, between
// postingPrefix and the document ID.
const yearLen = 3

func postingKey(region, term string, year int, id string, ver int) []byte {
	return appendIDVersion(postingYearPrefix(region, term, year), id, ver)
}

// Term statistics: per region, the number of indexed sentences and of
// those holding each term, for inverse document frequency.
func dfKey(region, term string) []byte { return key(pDocFreq, regionKey(region), term) }
func nsentKey(region string) []byte    { return key(kSentTotal+"\x00", regionKey(region)) }
func domainKey(term string) []byte     { return key(pDomain, term) }

// statDeltaPrefix is where a version's change to the term statistics is
// staged (statchange.go): one key per counter it changes, the counter's
// key following the prefix.
func statDeltaPrefix(c statChange) []byte {
	return append(appendIDVersion([]byte(pStatDelta), c.DocID, c.Version), 0)
}
