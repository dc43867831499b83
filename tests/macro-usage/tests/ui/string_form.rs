gqlforge::gql!(
    r#"
    query SubscriptionParams($id: Int!) {
      subscription(id: $id) {
        extraParameters {
          kee
        }
      }
    }
    "#
);

fn main() {}
