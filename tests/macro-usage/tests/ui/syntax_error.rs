gqlforge::gql! {
    query SubscriptionById($id Int!) {
        subscription(id: $id) {
            id
        }
    }
}

fn main() {}
