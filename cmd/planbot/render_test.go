package main

import (
	"strings"
	"testing"
)

// Each kind of question gets its own layout in the terminal, every figure
// with its quotation and where it stands.
func TestAskKindsRendered(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		q    string
		want []string
		not  []string
	}{
		{"2021年GDP目标完成了吗", []string{"✓ 完成", "目标6.8%，实际8.6%", "  实际  8.6%", "  目标  6.8%", "第27页"}, []string{"置信度"}},
		{"2021年固定资产投资目标完成了吗", []string{"✗ 未完成", "基本持平", "3.0%"}, nil},
		{"任务20是什么", []string{"任务20  提升教育事业发展质效", "（六）切实增进民生福祉", "“继续推动学位建设", "数字：", "新增学位 9510座"}, nil},
		{"2022年比2021年新增学位多了多少", []string{"240座  （9510座 − 9270座 = 240座）", "依据：", "  比较  9510座", "  比较  9270座", "第23页", "第12页"}, nil},
		{"2021年GDP增速比目标高多少", []string{"1.8个百分点", "8.6% − 6.8%", "  实际  ", "  目标  "}, nil},
		{"2022年的主要预期性指标有哪些", []string{"共6项", " 1. ", " 6. ", "第27页", "出处："}, nil},
		{"近两年GDP增速", []string{"年份", "出处", "2021年", "2022年", "[1] “", "[2] “"}, nil},
		{"第99项任务是什么", []string{"未找到确切答案", "1—27"}, nil},
	}
	for _, tt := range tests {
		code, out, errs := run(t, dir, "", "ask", "--lang", "zh", tt.q)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.q, code, errs)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.q, w, out)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(out, w) {
				t.Errorf("%s: output has %q:\n%s", tt.q, w, out)
			}
		}
	}
	// The labels follow the terminal's language; the documents' words do not.
	_, out, _ := run(t, dir, "", "ask", "--lang", "en", "2021年GDP目标完成了吗")
	if !strings.Contains(out, "✓ met") || !strings.Contains(out, "  result  8.6%") || !strings.Contains(out, "本区生产总值") {
		t.Errorf("English labels:\n%s", out)
	}
}
