module github.com/planbot/planbot

go 1.26.8
