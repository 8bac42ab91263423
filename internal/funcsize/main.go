// Command funcsize lists the largest functions of the module by lines,
// with their cyclomatic complexity, so a refactor can be measured:
//
//	go run ./internal/funcsize            # the ten largest non-test functions
//	go run ./internal/funcsize -n 20 -by cyclo
//
// Complexity is counted the usual way: 1, plus one for each if, for,
// range, case, comm clause, && and ||.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type fn struct {
	name  string
	pos   string
	lines int
	cyclo int
}

func main() {
	n := flag.Int("n", 10, "how many functions to list")
	by := flag.String("by", "lines", "sort by lines or cyclo")
	tests := flag.Bool("tests", false, "include _test.go files")
	flag.Parse()
	root := "."
	if flag.NArg() > 0 {
		root = flag.Arg(0)
	}
	fns, err := collect(root, *tests)
	if err != nil {
		fmt.Fprintln(os.Stderr, "funcsize:", err)
		os.Exit(1)
	}
	sort.Slice(fns, func(i, j int) bool {
		a, b := fns[i], fns[j]
		if *by == "cyclo" && a.cyclo != b.cyclo {
			return a.cyclo > b.cyclo
		}
		if a.lines != b.lines {
			return a.lines > b.lines
		}
		return a.pos < b.pos
	})
	if len(fns) > *n {
		fns = fns[:*n]
	}
	fmt.Printf("%5s %5s  %-40s %s\n", "lines", "cyclo", "function", "where")
	for _, f := range fns {
		fmt.Printf("%5d %5d  %-40s %s\n", f.lines, f.cyclo, f.name, f.pos)
	}
}

func collect(root string, tests bool) ([]fn, error) {
	var out []fn
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || (!tests && strings.HasSuffix(path, "_test.go")) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return fmt.Errorf("parse %s: %w", path, err)
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			start, end := fset.Position(fd.Pos()), fset.Position(fd.End())
			out = append(out, fn{
				name:  funcName(f.Name.Name, fd),
				pos:   fmt.Sprintf("%s:%d", path, start.Line),
				lines: end.Line - start.Line + 1,
				cyclo: complexity(fd),
			})
		}
		return nil
	})
	return out, err
}

func funcName(pkg string, fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return pkg + "." + fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return pkg + "." + id.Name + "." + fd.Name.Name
	}
	return pkg + "." + fd.Name.Name
}

func complexity(fd *ast.FuncDecl) int {
	c := 1
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			c++
		case *ast.CaseClause:
			if n.List != nil {
				c++
			}
		case *ast.CommClause:
			if n.Comm != nil {
				c++
			}
		case *ast.BinaryExpr:
			if n.Op == token.LAND || n.Op == token.LOR {
				c++
			}
		}
		return true
	})
	return c
}
