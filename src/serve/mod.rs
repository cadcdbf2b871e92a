//! `soteria serve`: the editors' loop. Builds the site in memory with `base_url` pointed at the
//! local address and serves it over HTTP; watches the site's folders and, after a burst of saves,
//! rebuilds what the edit affects (a [`crate::BuildCache`] keeps the rest); then tells the open pages,
//! over Server-Sent Events, to reload, to swap their stylesheets, or to show what is wrong over
//! the page when the rebuild failed — while the last good site goes on being served. Nothing is
//! written to `output/`.
//!
//! `watch` turns file events into a `Change`, the `builder` builds what it affects into the
//! shared `state`, and `http` answers the pages' requests from that state through the bounded
//! `server` (`guard` keeps other sites out); `overlay` is what the pages get added.

mod builder;
mod guard;
mod http;
mod overlay;
mod server;
mod state;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::BuildOptions;

use builder::Builder;
use server::{Request, Server};
use state::State;
use watch::Change;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder (holding `site.yaml`).
    pub root: PathBuf,
    /// The address to listen on (loopback unless the editor says otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Include draft pages.
    pub drafts: bool,
    /// Open the site in the default browser once it is built.
    pub open: bool,
    /// Print the time of each phase of every build.
    pub timings: bool,
}

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address is taken or not ours.
    #[error("cannot listen on {address}: {reason}; choose another port with --port")]
    Bind {
        /// What we tried to listen on.
        address: String,
        /// What the system said.
        reason: String,
    },
    /// The site's folders cannot be watched: why, as a sentence (see [`watch::problem`]).
    #[error("cannot watch the site's files for changes: {0}")]
    Watch(String),
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    let server = Server::bind(address).map_err(|error| ServeError::Bind {
        address: address.to_string(),
        reason: error.to_string(),
    })?;
    let port = server.port();
    let url = local_url(options.bind, port);
    let state = Arc::new(State::new(&options.root));
    let build_options = BuildOptions {
        root: options.root.clone(),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        ..BuildOptions::default()
    };
    let mut builder = Builder::new(build_options, options.timings, &state);

    // Watch before the first build, so that no save is missed while it runs.
    let mut watch = watch::SiteWatch::start(&options.root)
        .map_err(|error| ServeError::Watch(watch::problem(&error)))?;

    builder.rebuild(Change::Everything);
    {
        let state = Arc::clone(&state);
        server.run(Arc::new(move |request: &Request| {
            http::respond(request, &state)
        }));
    }
    eprintln!("serving the site at {url} (press Ctrl+C to stop)");
    if options.open {
        if let Err(error) = opener::open(&url) {
            eprintln!("warning: cannot open a browser: {error}");
        }
    }

    loop {
        // The search index an edit left waits until the editor pauses: the pages come first.
        let idle = builder.search_pending().then_some(watch::IDLE);
        let Some(paths) = watch.next_edits(idle) else {
            return Ok(());
        };
        if paths.is_empty() {
            // An edit that comes meanwhile is built first.
            builder.finish_search(&watch.edit_waits());
        } else if let Some(change) = watch.classify(&paths) {
            builder.rebuild(change);
        }
    }
}

/// The address to print and to build the site for.
fn local_url(bind: IpAddr, port: u16) -> String {
    let host = if bind.is_unspecified() {
        "localhost".to_string()
    } else if bind.is_ipv6() {
        format!("[{bind}]")
    } else {
        bind.to_string()
    };
    format!("http://{host}:{port}/")
}
