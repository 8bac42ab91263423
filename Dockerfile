# planbot: a static binary on a minimal, non-root base image.
#   docker build -t planbot .
#   docker run -d --name planbot -v planbot-data:/data \
#     -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN planbot            # Socket Mode
#   docker run -d -p 8080:8080 -v planbot-data:/data \
#     -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET -e PLANBOT_HTTP=:8080 planbot   # HTTP Events API

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The same command CI runs (.ci/run calls scripts/build too). .dockerignore
# keeps .git out of the context, so the version comes as a build argument.
ARG PLANBOT_VERSION=dev
RUN PLANBOT_VERSION=$PLANBOT_VERSION ./scripts/build /out/planbot && mkdir -p /out/data /out/watch

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/planbot /planbot
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/watch /watch
USER 65532:65532
ENV PLANBOT_DB=/data \
    PLANBOT_WATCH=/watch \
    PLANBOT_HEALTH=127.0.0.1:8081
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/planbot", "healthcheck", "http://127.0.0.1:8081/healthz"]
ENTRYPOINT ["/planbot"]
CMD ["serve"]
