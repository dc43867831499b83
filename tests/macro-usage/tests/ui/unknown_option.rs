gqlforge::gql! {
    shema = "schema.graphql",
    query SubscriptionById($id: Int!) {
        subscription(id: $id) {
            id
        }
    }
}

fn main() {}
