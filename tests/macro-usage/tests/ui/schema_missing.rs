gqlforge::gql! {
    schema = "schemas/missing.graphql",
    query SubscriptionById($id: Int!) {
        subscription(id: $id) {
            id
        }
    }
}

fn main() {}
