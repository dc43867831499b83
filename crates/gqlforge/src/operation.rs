//! The trait every generated operation implements, and the request it becomes.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The kind of a GraphQL operation (spec 2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperationKind {
    /// A `query`: read-only, so the client may send it again after a failure.
    Query,
    /// A `mutation`: sent again only when marked idempotent or when it cannot have reached
    /// the server.
    Mutation,
    /// A `subscription` (retried as a mutation is).
    Subscription,
}

/// One GraphQL operation, typed: implemented by generated code, one unit struct per operation.
///
/// ```
/// # use gqlforge::{Operation, OperationKind};
/// struct Viewer;
/// #[derive(serde::Deserialize)]
/// struct Data { viewer: Login }
/// #[derive(serde::Deserialize)]
/// struct Login { login: String }
/// #[derive(serde::Serialize)]
/// struct Variables {}
/// impl Operation for Viewer {
///     const NAME: &'static str = "Viewer";
///     const OPERATION_NAME: Option<&'static str> = Some("Viewer");
///     const KIND: OperationKind = OperationKind::Query;
///     const QUERY: &'static str = "query Viewer {\n  viewer {\n    login\n  }\n}";
///     type Variables = Variables;
///     type Data = Data;
/// }
/// let request = Viewer::request(Variables {});
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({
///         "query": Viewer::QUERY,
///         "operationName": "Viewer",
///         "variables": {},
///     })
/// );
/// ```
pub trait Operation {
    /// The name the Rust code uses: the operation's name, or for an anonymous operation the
    /// name of the file it came from.
    const NAME: &'static str;
    /// The operation's name in the document (`None` for an anonymous operation): the
    /// request's `operationName`.
    const OPERATION_NAME: Option<&'static str>;
    /// Query, mutation or subscription.
    const KIND: OperationKind;
    /// The document sent to the server: this operation and exactly the fragments it uses,
    /// with `__typename` selected wherever the response type depends on it.
    const QUERY: &'static str;
    /// The operation's variables; an operation without variables has an empty struct.
    type Variables: Serialize;
    /// The `data` of a successful response: exactly what the operation selects.
    type Data: DeserializeOwned;

    /// The request body for these variables.
    fn request(variables: Self::Variables) -> Request<Self::Variables> {
        Request {
            query: Self::QUERY,
            operation_name: Self::OPERATION_NAME,
            variables,
        }
    }
}

/// A GraphQL-over-HTTP request body (`{"query", "operationName", "variables"}`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Request<V> {
    /// The document: [`Operation::QUERY`].
    pub query: &'static str,
    /// The operation to run in it: [`Operation::OPERATION_NAME`], left out when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_name: Option<&'static str>,
    /// The operation's variables.
    pub variables: V,
}
