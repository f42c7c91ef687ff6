//! Walking a listing page by page, for the actions whose spec states `pagination`: paged by
//! offset (items skipped) or by page number.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::ApiClient;
use crate::action::Action;
use crate::error::Error;

/// How a listing moves from one page to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging {
    /// The request's position is how many items to skip (`Offset`, from 0 when unset): the
    /// next page starts after the items received.
    Offset,
    /// The request's position is a page number (`Page`, or an `Offset` documented as one),
    /// `first` when unset: the next page is the next number.
    Page {
        /// The number of the first page (usually 1).
        first: i64,
    },
}

/// A listing request that is answered a page at a time; generated for actions whose spec
/// states `pagination`.
pub trait Paginated: Action {
    /// One item of a page.
    type Item: Send + 'static;
    /// How the request moves from page to page.
    const PAGING: Paging;
    /// Where this request starts, as [`Paging`] counts it (`None`: the API's default).
    fn position(&self) -> Option<i64>;
    /// Starts the request at `position`.
    fn set_position(&mut self, position: i64);
    /// The page size asked for, if any.
    fn page_size(&self) -> Option<i64>;
    /// The items of a page.
    fn page_items(output: &Self::Output) -> &[Self::Item];
    /// The items of a page, taken out of it.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
    /// How many items there are across all pages, when the answer says.
    fn total(output: &Self::Output) -> Option<i64>;
}

/// Walks a listing: each call to [`Paginator::next_page`] sends the request for the next page
/// (the next offset, or the next page number), until an empty page arrives or the answer's
/// total is reached, or, when the answer has no total, a page shorter than the page size
/// asked for. (With a total, a short page does not end the walk: a server may send fewer
/// items a page than asked.) [`pages`](Paginator::pages) and [`items`](Paginator::items) turn
/// it into a `Stream`.
///
/// Each page is an ordinary call: validated, signed, rate-limited and retried like any other.
/// An error ends the walk after it is yielded.
#[derive(Debug)]
pub struct Paginator<A: Paginated> {
    client: ApiClient,
    next: Option<Result<A, Error>>,
    /// Items before the next page (the pages skipped by the first request, then those
    /// received), for listings paged by page number.
    reached: Option<i64>,
}

impl<A: Paginated> Paginator<A> {
    /// A walk starting at `request` (an error is yielded first, then the walk ends).
    pub fn new(client: ApiClient, request: Result<A, Error>) -> Paginator<A> {
        Paginator {
            client,
            next: Some(request),
            reached: None,
        }
    }

    /// The next page's answer, or `None` when the walk is over.
    pub async fn next_page(&mut self) -> Option<Result<A::Output, Error>> {
        let request = match self.next.take()? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let output = match self.client.send(request.clone()).await {
            Ok(output) => output,
            Err(error) => return Some(Err(error)),
        };
        let count = i64::try_from(A::page_items(&output).len()).unwrap_or(i64::MAX);
        let (reached, next_position) = match A::PAGING {
            Paging::Offset => {
                let reached = request.position().unwrap_or(0).saturating_add(count);
                (reached, reached)
            }
            Paging::Page { first } => {
                let page = request.position().unwrap_or(first);
                let before = self.reached.unwrap_or_else(|| {
                    let size = request.page_size().unwrap_or(count);
                    page.saturating_sub(first).max(0).saturating_mul(size)
                });
                (before.saturating_add(count), page.saturating_add(1))
            }
        };
        self.reached = Some(reached);
        let more = count > 0
            && match A::total(&output) {
                Some(total) => reached < total,
                None => request.page_size().is_none_or(|size| count >= size),
            };
        if more {
            let mut next = request;
            next.set_position(next_position);
            self.next = Some(Ok(next));
        }
        Some(Ok(output))
    }

    /// Every item of every page, or the first error.
    pub async fn collect_items(mut self) -> Result<Vec<A::Item>, Error> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await {
            items.extend(A::into_items(page?));
        }
        Ok(items)
    }

    /// The answers, one per page, as a stream.
    pub fn pages(self) -> Pages<A> {
        Pages {
            state: PageState::Idle(Some(self)),
        }
    }

    /// The items of every page, one at a time, as a stream.
    pub fn items(self) -> Items<A> {
        Items {
            pages: self.pages(),
            buffered: VecDeque::new(),
        }
    }
}

type PageFuture<A> = Pin<
    Box<dyn Future<Output = (Paginator<A>, Option<Result<<A as Action>::Output, Error>>)> + Send>,
>;

enum PageState<A: Paginated> {
    Idle(Option<Paginator<A>>),
    Fetching(PageFuture<A>),
}

/// A stream of the answers of a listing, one per page.
pub struct Pages<A: Paginated> {
    state: PageState<A>,
}

impl<A: Paginated> Stream for Pages<A> {
    type Item = Result<A::Output, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                PageState::Idle(paginator) => match paginator.take() {
                    Some(mut paginator) => {
                        this.state = PageState::Fetching(Box::pin(async move {
                            let page = paginator.next_page().await;
                            (paginator, page)
                        }));
                    }
                    None => return Poll::Ready(None),
                },
                PageState::Fetching(future) => {
                    let (paginator, page) = std::task::ready!(future.as_mut().poll(cx));
                    this.state = PageState::Idle(page.is_some().then_some(paginator));
                    return Poll::Ready(page);
                }
            }
        }
    }
}

// Nothing in `Pages` or `Items` relies on staying in place (the fetch is boxed), so they can be
// moved whatever the request and item types are.
impl<A: Paginated> Unpin for Pages<A> {}
impl<A: Paginated> Unpin for Items<A> {}

impl<A: Paginated> std::fmt::Debug for Pages<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pages")
    }
}

/// A stream of the items of a listing, across pages.
pub struct Items<A: Paginated> {
    pages: Pages<A>,
    buffered: VecDeque<A::Item>,
}

impl<A: Paginated> Stream for Items<A> {
    type Item = Result<A::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::task::ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffered.extend(A::into_items(page)),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<A: Paginated> std::fmt::Debug for Items<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("buffered", &self.buffered.len())
            .finish()
    }
}
