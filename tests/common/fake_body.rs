//! A scripted HTTP response for the client and store fakes: chunks of text, pauses of fake time, a
//! connection reset, or a read that hangs until the request's cancel fires. Each fake counts what
//! it needs (aborted reads, open streams, client closes) through [`ResponseHost`].
#![allow(dead_code)]

use std::collections::VecDeque;
use std::rc::Rc;

use nosana_deployments::api::cancel::{bounded, Bounded, Cancel};
use nosana_deployments::api::clock::Clock;
use nosana_deployments::api::transport::{BodyStream, HttpResponse, LocalFuture, TransportError};

use crate::fake_clock::FakeClock;

/// One scripted piece of a streamed body.
#[derive(Debug, Clone)]
pub(crate) enum Chunk {
    Data(String),
    /// Waits this long (fake time); the request's cancel ends the wait.
    Pause(f64),
    Fail,
    /// Never ends (until aborted).
    Hang,
}

/// The fake that made a response, told what happens to it.
pub(crate) trait ResponseHost {
    fn clock(&self) -> &FakeClock;
    /// A read that never answers: ends with `Aborted` once `cancel` fires (the host counts it).
    fn hang(self: Rc<Self>, cancel: Cancel) -> LocalFuture<'static, TransportError>;
    /// The body ended, failed, was cancelled, closed or dropped: called once per response.
    fn ended(&self) {}
    /// The client called `close()` on the stream.
    fn closed_by_client(&self) {}
}

pub(crate) struct ScriptedResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: VecDeque<Chunk>,
    cancel: Cancel,
    host: Rc<dyn ResponseHost>,
    ended: bool,
}

impl ScriptedResponse {
    pub(crate) fn new(
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<Chunk>,
        cancel: Cancel,
        host: Rc<dyn ResponseHost>,
    ) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
            cancel,
            host,
            ended: false,
        }
    }

    async fn next(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        loop {
            match self.body.pop_front() {
                None => {
                    self.end();
                    return Ok(None);
                }
                Some(Chunk::Data(d)) => return Ok(Some(d.into_bytes())),
                Some(Chunk::Pause(ms)) => {
                    let pause = self.host.clock().sleep(ms);
                    if bounded(pause, Some(&self.cancel), None).await == Bounded::Cancelled {
                        self.end();
                        return Err(TransportError::Aborted);
                    }
                }
                Some(Chunk::Fail) => {
                    self.end();
                    return Err(TransportError::Failed("reset".into()));
                }
                Some(Chunk::Hang) => {
                    let error = self.host.clone().hang(self.cancel.clone()).await;
                    self.end();
                    return Err(error);
                }
            }
        }
    }

    fn end(&mut self) {
        if !self.ended {
            self.ended = true;
            self.host.ended();
        }
    }
}

impl Drop for ScriptedResponse {
    fn drop(&mut self) {
        self.end();
    }
}

impl HttpResponse for ScriptedResponse {
    fn status(&self) -> u16 {
        self.status
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    fn text(mut self: Box<Self>) -> LocalFuture<'static, Result<String, TransportError>> {
        Box::pin(async move {
            let mut text = Vec::new();
            while let Some(bytes) = self.next().await? {
                text.extend(bytes);
            }
            Ok(String::from_utf8_lossy(&text).into_owned())
        })
    }

    fn into_stream(self: Box<Self>) -> Option<Box<dyn BodyStream>> {
        Some(self)
    }
}

impl BodyStream for ScriptedResponse {
    fn next_chunk(&mut self) -> LocalFuture<'_, Result<Option<Vec<u8>>, TransportError>> {
        Box::pin(self.next())
    }

    fn close(&mut self) {
        self.host.closed_by_client();
        self.end();
    }
}
